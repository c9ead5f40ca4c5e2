"""`sparkify load sparkify DATA_DIR`: land song_data/ and log_data/ JSON into raw.

One load at a time (a second one waits, saying for what); files land in parallel, each
file (or batch of small song files) in its own transaction. See docs/raw_layer.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import psycopg2

from loader.common.bookkeeping import outstanding_rejects, plan_files, record_unreadable
from loader.common.connection import connect, transaction
from loader.common.errors import Failure
from loader.common.load_report import LoadReport, SourceReport, progress
from loader.common.locks import exclusive
from loader.common.parallel import WorkerPool, wait_for_stray_workers
from loader.common.settings import ConnectionSettings
from loader.raw_layer import ensure_raw_layer
from loader.sparkify.batches import Batch, BatchResult, load_batch, make_batches
from loader.sparkify.files import data_directory, discover
from loader.sparkify.readers import iter_json_lines, read_json_document

EVENTS = ("sparkify_events", "log_data")
SONGS = ("sparkify_songs", "song_data")
# Song files are tiny (one record each): land them many to a transaction.
SONG_FILES_PER_BATCH = 2000
LOAD_LOCK = "sparkify-load-sparkify"


def _read_events(source_file, thorough):
    return iter_json_lines(source_file.path, thorough)


def _read_song(source_file, thorough):
    # One small document per file: always checked here, as it is cheap.
    return [read_json_document(source_file.path)]


def load_sparkify(
    data_dir: Path,
    settings: ConnectionSettings,
    workers: int | None = None,
    say: Callable[[str], None] = print,
) -> LoadReport:
    data_dir = data_directory(data_dir)
    started = time.perf_counter()
    report = LoadReport("sparkify")
    conn = connect(settings)
    try:
        with exclusive(
            conn, LOAD_LOCK, say, "another `sparkify load sparkify` is running; waiting for it"
        ):
            wait_for_stray_workers(conn, say)
            _load(conn, data_dir, settings, workers, report)
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _load(conn, data_dir: Path, settings, workers: int | None, report: LoadReport) -> None:
    with transaction(conn) as cur:
        report.notices += ensure_raw_layer(cur)
    batches: list[tuple[SourceReport, Batch]] = []
    seen: list[tuple[SourceReport, list[str]]] = []
    for (table, subdir), read, per_batch in (
        (SONGS, _read_song, SONG_FILES_PER_BATCH),
        (EVENTS, _read_events, 1),
    ):
        found = discover(data_dir, subdir)
        with transaction(conn) as cur:
            plan = plan_files(cur, table, found.files)
            record_unreadable(cur, table, found.unusable + plan.unreadable)
        source = SourceReport(table, files_seen=len(found.names))
        source.files_unchanged = len(found.files) - len(plan.todo) - len(plan.unreadable)
        report.sources.append(source)
        seen.append((source, found.names))
        batches += [(source, b) for b in make_batches(table, table, plan.todo, read, per_batch)]

    by_batch = {id(b): s for s, b in batches}
    jobs = [b for _, b in batches]
    try:
        with (
            WorkerPool(settings, load_batch, jobs, workers) as pool,
            progress("landing files", sum(len(b.files) for b in jobs)) as advance,
        ):
            for batch, outcome in pool.outcomes():
                _account(report, by_batch[id(batch)], batch, outcome)
                advance(len(batch.files))
    except KeyboardInterrupt:
        report.interrupted = True
    if report.interrupted or report.fatal:
        _check_what_landed(conn, report, jobs, by_batch)
        return
    with transaction(conn) as cur:
        for source, names in seen:
            source.rejects_by_file = outstanding_rejects(cur, source.source, names)


def _account(
    report: LoadReport, source: SourceReport, batch: Batch, outcome: BatchResult | Failure
) -> None:
    if isinstance(outcome, Failure):
        if outcome.fatal and report.fatal is None:
            report.fatal = outcome
            report.fatal_file = batch.files[0].name
        if outcome.started:  # the files never started are counted as not landed
            source.failures.extend((f.name, outcome.line()) for f in batch.files)
            report.failure_details.append(outcome)
        return
    source.landed += [f.name for f in batch.files if f.name not in outcome.unreadable]
    source.rows_loaded += sum(outcome.rows.values())
    source.bytes_read += outcome.bytes_read


def _check_what_landed(conn, report: LoadReport, jobs: list[Batch], by_batch) -> None:
    """After an interrupt or a fatal failure, ask the database which files landed: a
    worker can commit a file and be stopped before it says so."""
    try:
        with transaction(conn) as cur:
            for batch in jobs:
                source = by_batch[id(batch)]
                cur.execute(
                    "select source_file, content_hash from raw.load_manifest "
                    "where source = %s and source_file = any(%s)",
                    (batch.source, [f.name for f in batch.files]),
                )
                committed = dict(cur.fetchall())
                for f in batch.files:
                    if committed.get(f.name) == f.content_hash and f.name not in source.landed:
                        source.landed.append(f.name)
                        source.failures = [x for x in source.failures if x[0] != f.name]
    except psycopg2.Error as exc:
        report.unverified = str(exc).strip().splitlines()[0] if str(exc).strip() else "error"
