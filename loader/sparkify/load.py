"""`sparkify load sparkify DATA_DIR`: land song_data/ and log_data/ JSON into raw."""

from __future__ import annotations

import time
from pathlib import Path

from loader.common.bookkeeping import outstanding_rejects, plan_files
from loader.common.connection import connect, transaction
from loader.common.load_report import LoadReport, SourceReport, progress
from loader.common.parallel import run_jobs
from loader.common.raw_schema import ensure_bookkeeping
from loader.common.settings import ConnectionSettings
from loader.sparkify.batches import Batch, BatchResult, load_batch, make_batches
from loader.sparkify.readers import iter_json_lines, read_json_document
from loader.sparkify.schema import SPARKIFY_DDL

EVENTS = ("sparkify_events", "log_data")
SONGS = ("sparkify_songs", "song_data")
# Song files are tiny (one record each): land them many to a transaction.
SONG_FILES_PER_BATCH = 2000


def _read_events(source_file, thorough):
    return iter_json_lines(source_file.path, thorough)


def _read_song(source_file, thorough):
    # One small document per file: always checked here, as it is cheap.
    return [read_json_document(source_file.path)]


def discover(data_dir: Path, subdir: str) -> list[tuple[str, Path]]:
    """JSON files under DATA_DIR/subdir, named by their path relative to DATA_DIR."""
    root = data_dir / subdir
    if not root.is_dir():
        return []
    files = (p for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl"))
    return sorted((p.relative_to(data_dir).as_posix(), p) for p in files)


def load_sparkify(
    data_dir: Path, settings: ConnectionSettings, workers: int | None = None
) -> LoadReport:
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        raise FileNotFoundError(f"data directory not found: {data_dir}")
    started = time.perf_counter()
    report = LoadReport("sparkify")
    conn = connect(settings)
    try:
        with transaction(conn) as cur:
            ensure_bookkeeping(cur)
            cur.execute(SPARKIFY_DDL)
        plans = []
        for (table, subdir), read, per_batch in (
            (SONGS, _read_song, SONG_FILES_PER_BATCH),
            (EVENTS, _read_events, 1),
        ):
            found = discover(data_dir, subdir)
            with transaction(conn) as cur:
                todo = plan_files(cur, table, found)
            source = SourceReport(table, files_seen=len(found), files_loaded=0)
            report.sources.append(source)
            plans.append((source, found, make_batches(table, table, todo, read, per_batch)))

        batches: list[tuple[SourceReport, Batch]] = [(s, b) for s, _, bs in plans for b in bs]
        total_files = sum(len(b.files) for _, b in batches)
        by_batch = {id(b): s for s, b in batches}
        with progress("landing files", total_files) as advance:
            for batch, outcome in run_jobs(settings, load_batch, [b for _, b in batches], workers):
                source = by_batch[id(batch)]
                _account(source, batch, outcome)
                advance(len(batch.files))

        with transaction(conn) as cur:
            for source, found, _ in plans:
                source.rejects_by_file = outstanding_rejects(
                    cur, source.source, [name for name, _ in found]
                )
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _account(source: SourceReport, batch: Batch, outcome: BatchResult | BaseException) -> None:
    if isinstance(outcome, BaseException):
        message = str(outcome).strip().splitlines()[0] if str(outcome).strip() else repr(outcome)
        source.failures.extend((f.name, message) for f in batch.files)
        return
    source.files_loaded += len(batch.files)
    source.rows_loaded += sum(outcome.rows.values())
    source.bytes_read += outcome.bytes_read
