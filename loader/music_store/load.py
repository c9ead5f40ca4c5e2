"""`sparkify load music-store CSV_DIR`: land the store's CSVs into raw.music_store_*.

The directory is the truth. A table is reloaded when its file is new or changed (by the
manifest's content hash) or gone (an optional table is then emptied), and so is every table
that references it, because replacing a parent's rows can orphan its children's. All
reloads happen in one transaction, so readers see either the old store or the new one and
a failure leaves the old one in place. Rerunning with the same files changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psycopg2 import sql

from loader.common.bookkeeping import (
    SourceFile,
    content_hash,
    outstanding_rejects,
    plan_files,
    record_loaded,
)
from loader.common.connection import connect, transaction
from loader.common.errors import describe
from loader.common.load_report import LoadReport, SourceReport
from loader.common.locks import exclusive
from loader.common.settings import ConnectionSettings
from loader.music_store.files import StoreFile, discover
from loader.music_store.schema import (
    TABLES,
    TableSpec,
    add_foreign_keys,
    descendants,
    drop_foreign_keys,
)
from loader.music_store.table import load_table
from loader.raw_layer import ensure_raw_layer


@dataclass(frozen=True)
class Reload:
    spec: TableSpec
    store_file: StoreFile | None  # None: the optional file is gone, so the table is emptied
    source_file: SourceFile | None


LOAD_LOCK = "sparkify-load-music-store"


def load_music_store(
    csv_dir: Path,
    settings: ConnectionSettings,
    workers: int | None = None,
    say: Callable[[str], None] = print,
) -> LoadReport:
    """Load every store CSV in `csv_dir`. `workers` is accepted for symmetry with the
    Sparkify loader; the store loads in one transaction on one connection (see above)."""
    csv_dir = csv_dir.resolve()
    files = discover(csv_dir)
    started = time.perf_counter()
    report = LoadReport("music_store")
    sources = {spec.name: SourceReport(spec.source) for spec in TABLES}
    for name, source in sources.items():
        source.files_seen = int(name in files)
        report.sources.append(source)

    conn = connect(settings)
    try:
        # One store load at a time; a second waits, saying for what.
        with exclusive(conn, LOAD_LOCK, say, "another music-store load is running; waiting"):
            with transaction(conn) as cur:
                report.notices += ensure_raw_layer(cur)
            _load(conn, files, sources, report)
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _load(conn, files: dict[str, StoreFile], sources: dict[str, SourceReport], report) -> None:
    current: TableSpec | None = None
    try:
        with transaction(conn) as cur:
            cur.execute("set local synchronous_commit = off")
            reloads = plan_reloads(cur, files)
            _empty(cur, reloads)
            for reload in reloads:
                current = reload.spec
                _land(cur, reload, sources[reload.spec.name])
            for reload in reloads:
                current = reload.spec
                add_foreign_keys(cur, reload.spec)
    except KeyboardInterrupt:
        report.interrupted = True
    except Exception as exc:
        failure = describe(exc)
        store_file = files.get(current.name) if current else None
        where = store_file.name if store_file else ""
        if failure.fatal:
            report.fatal, report.fatal_file = failure, where
        else:
            failed = sources[current.name] if current else report.sources[0]
            failed.failures.append((where, failure.line()))
            report.failure_details.append(failure)
    if report.interrupted or report.fatal or any(s.failures for s in sources.values()):
        for source in sources.values():  # one transaction: nothing of this run landed
            source.landed, source.rows_loaded = [], 0
        return
    with transaction(conn) as cur:
        for name, source in sources.items():
            if name in files:
                source.rejects_by_file = outstanding_rejects(cur, source.source, [files[name].name])
                if not source.landed:
                    source.files_unchanged = 1


def plan_reloads(cur, files: dict[str, StoreFile]) -> list[Reload]:
    """The tables to reload, in dependency order, with the manifest entry each will get."""
    cur.execute("select source, array_agg(source_file) from raw.load_manifest group by 1")
    landed = dict(cur.fetchall())
    changed: dict[str, SourceFile | None] = {}
    for spec in TABLES:
        store_file = files.get(spec.name)
        previous = set(landed.get(spec.source, ()))
        if store_file is None:
            if previous:
                changed[spec.name] = None
            continue
        plan = plan_files(cur, spec.source, [(store_file.name, store_file.path)])
        for name, reason in plan.unreadable:
            raise ValueError(f"{name}: {reason}")
        if plan.todo:
            changed[spec.name] = plan.todo[0]
        elif previous - {store_file.name}:
            changed[spec.name] = _source_file(store_file)
    if not changed:
        return []
    reloads = []
    for spec in TABLES:
        if spec.name not in descendants(set(changed)):
            continue
        store_file = files.get(spec.name)
        source_file = changed.get(spec.name)
        if store_file is not None and source_file is None:
            source_file = _source_file(store_file)  # unchanged, reloaded for its parent
        reloads.append(Reload(spec, store_file, source_file))
    return reloads


def _source_file(store_file: StoreFile) -> SourceFile:
    stat = store_file.path.stat()
    return SourceFile(
        store_file.name,
        store_file.path,
        stat.st_size,
        stat.st_mtime_ns,
        content_hash(store_file.path),
        previously_loaded=True,
    )


def _empty(cur, reloads: list[Reload]) -> None:
    """Forget the tables' earlier rows, rejects and manifest entries, and drop their foreign
    keys: they come back at the end, checked by one join each instead of a trigger per row."""
    if not reloads:
        return
    for reload in reloads:
        drop_foreign_keys(cur, reload.spec)
    cur.execute(sql.SQL("truncate {}").format(sql.SQL(", ").join(r.spec.relation for r in reloads)))
    names = [r.spec.source for r in reloads]
    cur.execute("delete from raw.load_rejects where source = any(%s)", (names,))
    cur.execute("delete from raw.load_manifest where source = any(%s)", (names,))


def _land(cur, reload: Reload, source: SourceReport) -> None:
    if reload.store_file is None:
        return
    rows, rejects = load_table(cur, reload.store_file)
    name = reload.store_file.name
    record_loaded(cur, reload.spec.source, [reload.source_file], {name: rows}, {name: rejects})
    source.landed = [name]
    source.rows_loaded = rows
    source.bytes_read = reload.source_file.size_bytes
