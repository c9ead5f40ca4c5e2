"""`sparkify load music-store CSV_DIR`: land the store's CSVs into raw.music_store_*.

The directory is the truth. A table is reloaded when its file is new or changed (by the
manifest's content hash) or gone (an optional table is then emptied), and so is every table
that references it, because replacing a parent's rows can orphan its children's. All
reloads happen in one transaction, so readers see either the old store or the new one and
a failure leaves the old one in place. Rerunning with the same files changes nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

from loader.common.bookkeeping import (
    SourceFile,
    content_hash,
    outstanding_rejects,
    plan_files,
    record_loaded,
)
from loader.common.connection import connect, transaction
from loader.common.load_report import LoadReport, SourceReport
from loader.common.raw_schema import ensure_bookkeeping
from loader.common.settings import ConnectionSettings
from loader.music_store.files import StoreFile, discover
from loader.music_store.schema import (
    TABLES,
    TableSpec,
    add_foreign_keys,
    descendants,
    drop_foreign_keys,
    ensure_tables,
)
from loader.music_store.table import load_table


@dataclass(frozen=True)
class Reload:
    spec: TableSpec
    store_file: StoreFile | None  # None: the optional file is gone, so the table is emptied
    source_file: SourceFile | None


def load_music_store(
    csv_dir: Path, settings: ConnectionSettings, workers: int | None = None
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
        with transaction(conn) as cur:
            ensure_bookkeeping(cur)
            ensure_tables(cur)
        current: TableSpec | None = None
        try:
            with transaction(conn) as cur:
                cur.execute("set local synchronous_commit = off")
                # One store load at a time; a second waits rather than interleaving.
                cur.execute("select pg_advisory_xact_lock(hashtext('sparkify-music-store'))")
                reloads = plan_reloads(cur, files)
                _empty(cur, reloads)
                for reload in reloads:
                    current = reload.spec
                    _land(cur, reload, sources[reload.spec.name])
                for reload in reloads:
                    current = reload.spec
                    add_foreign_keys(cur, reload.spec)
        except psycopg2.Error as exc:
            failed = sources[current.name] if current else report.sources[0]
            message = (exc.diag.message_primary or str(exc)).strip()
            store_file = files.get(current.name) if current else None
            failed.failures.append((store_file.name if store_file else "", message))
            for source in sources.values():
                source.files_loaded = source.rows_loaded = 0
        with transaction(conn) as cur:
            for name, source in sources.items():
                if name in files:
                    source.rejects_by_file = outstanding_rejects(
                        cur, source.source, [files[name].name]
                    )
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


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
        todo = plan_files(cur, spec.source, [(store_file.name, store_file.path)])
        if todo:
            changed[spec.name] = todo[0]
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
    source.files_loaded = 1
    source.rows_loaded = rows
    source.bytes_read = reload.source_file.size_bytes
