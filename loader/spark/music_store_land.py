"""`sparkify load music-store CSV_DIR --engine spark`: the store's CSVs, on the cluster.

The same files, tables and checks as on PostgreSQL (loader/music_store/): types, required
values, minimums, foreign keys and repeated keys, each bad record set aside in
raw.load_rejects with its line and reason. The store is small, so when any file is new,
changed or gone, every table is landed again, parents first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from loader.common.load_report import LoadReport, SourceReport
from loader.music_store.files import StoreFile, discover
from loader.music_store.schema import BY_NAME, TABLES, TableSpec
from loader.spark.file_views import escape
from loader.spark.raw_layer import (
    SPARK_TYPES,
    drop_partitions,
    ensure_raw_layer,
    load_lock,
    next_load_seq,
    read_manifest,
    write_manifest,
)
from loader.spark.sql import literal, session

KIND_WORDS = {
    "int": "an integer",
    "bigint": "an integer",
    "money": "an amount",
    "timestamp": "a timestamp (YYYY-MM-DD HH:MM:SS)",
}


def land_music_store(
    csv_dir: Path, settings=None, workers: int | None = None, say: Callable[[str], None] = print
) -> LoadReport:
    csv_dir = csv_dir.resolve()
    files = discover(csv_dir)
    started = time.perf_counter()
    report = LoadReport("music_store")
    with load_lock(say), session() as spark:
        ensure_raw_layer(spark)
        manifest = read_manifest(spark)
        sources = {spec.name: SourceReport(spec.source, files_seen=int(spec.name in files))
                   for spec in TABLES}  # fmt: skip
        report.sources.extend(sources.values())
        if _changed(files, manifest):
            seq = next_load_seq(manifest)
            spark.execute("set spark.sql.files.maxPartitionBytes=17179869184")
            old_rejects = _rejected_files(spark)
            for spec in TABLES:  # parents before children
                drop_partitions(spark, "raw.load_rejects", old_rejects.get(spec.source, []))
                _land_table(spark, spec, files.get(spec.name), sources[spec.name])
            _record(manifest, files, sources, seq)
            write_manifest(spark, manifest)
        else:
            for name, source in sources.items():
                source.files_unchanged = int(name in files)
        outstanding = dict(
            spark.query(
                "select source, count(*) from raw.load_rejects "
                "where startswith(source, 'music_store_') group by source"
            )
        )
        for name, source in sources.items():
            if name in files and outstanding.get(source.source):
                source.rejects_by_file = [(files[name].name, int(outstanding[source.source]))]
    report.seconds = time.perf_counter() - started
    return report


def _changed(files: dict[str, StoreFile], manifest: dict) -> bool:
    landed = {(source, name) for (source, name) in manifest if source.startswith("music_store_")}
    current = set()
    for name, store_file in files.items():
        spec = BY_NAME[name]
        current.add((spec.source, store_file.name))
        stat = store_file.path.stat()
        known = manifest.get((spec.source, store_file.name))
        if not known or (known["size_bytes"], known["modified_ns"]) != (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            return True
    return landed != current


def _land_table(spark, spec: TableSpec, store_file: StoreFile | None, source: SourceReport):
    if store_file is None:  # an optional table whose file is gone, or never was
        spark.execute(f"truncate table raw.{spec.source}")
        return
    by_column = dict(zip(store_file.columns, _header(store_file.path), strict=True))
    spark.execute(
        f"create or replace temporary view incoming using csv options ("
        f"path {literal(escape(str(store_file.path)))}, header 'true', multiLine 'true', "
        f"escape '\"', encoding 'UTF-8', mode 'PERMISSIVE')"
    )
    typed, reasons, raw = [], [], []
    for column in spec.columns:
        value = f"nullif(`{by_column[column.name]}`, '')"
        raw.append(f"coalesce(`{by_column[column.name]}`, '')")
        if column.kind == "text":
            typed.append(f"{value} as {column.name}")
        else:
            kind = SPARK_TYPES[column.kind]
            typed.append(f"try_cast({value} as {kind}) as {column.name}")
            reasons.append(
                f"case when {value} is not null and try_cast({value} as {kind}) is null "
                f"then concat('{column.name}: not {KIND_WORDS[column.kind]}: ', {value}) end"
            )
            if column.minimum is not None:
                reasons.append(
                    f"case when try_cast({value} as {kind}) < {column.minimum} then "
                    f"concat('{column.name}: must be at least {column.minimum}, found ', "
                    f"trim({value})) end"
                )
        if column.required:
            reasons.append(
                f"case when {value} is null then '{column.name}: missing required value' end"
            )
    # A view: judged, cached below, reads it once (twice for a table that refers to itself).
    spark.execute(
        f"""create or replace temporary view checked as
        with numbered as (
            select *, monotonically_increasing_id() as position from incoming
        )
        select {", ".join(typed)},
            row_number() over (order by position) + 1 as line_number,
            concat_ws(',', {", ".join(raw)}) as raw_line,
            nullif(concat_ws('; ', {", ".join(reasons) or "null"}), '') as reason
        from numbered"""
    )
    spark.cache("judged", _judged_sql(spec))
    columns = ", ".join(spec.column_names)
    spark.execute(
        f"insert overwrite table raw.{spec.source} select {columns}, current_timestamp() "
        "from judged where reason is null"
    )
    spark.execute(
        "insert into raw.load_rejects partition (source_file) "
        f"select {literal(spec.source)}, line_number, reason, raw_line, current_timestamp(), "
        f"{literal(store_file.name)} from judged where reason is not null"
    )
    good, bad = spark.query(
        "select count_if(reason is null), count_if(reason is not null) from judged"
    )[0]
    spark.release("judged")
    source.landed = [store_file.name]
    source.rows_loaded = int(good)
    source.bytes_read = store_file.path.stat().st_size
    return int(bad)


def _judged_sql(spec: TableSpec) -> str:
    """Every record with every reason it must not land: its own values, a dangling foreign
    key (against the parent already landed this run), or a repeated key (the first
    occurrence lands)."""
    joins, reasons = [], ["c.reason"]
    for number, fk in enumerate(spec.foreign_keys):
        parent = "checked" if fk.parent == spec.name else f"raw.{BY_NAME[fk.parent].source}"
        alias = f"p{number}"
        joins.append(
            f"left join (select distinct {fk.parent_column} as k from {parent}) as {alias} "
            f"on {alias}.k = c.{fk.column}"
        )
        reasons.append(
            f"case when c.{fk.column} is not null and {alias}.k is null then concat("
            f"'dangling foreign key: {fk.column}=', c.{fk.column}, "
            f"' not found in {fk.parent}.{fk.parent_column}') end"
        )
    keys = ", ".join(f"c.{k}" for k in spec.primary_key)
    reasons.append(
        f"case when c.reason is null and row_number() over (partition by {keys} "
        f"order by c.line_number) > 1 then 'duplicate key ({', '.join(spec.primary_key)}) "
        "repeats an earlier line' end"
    )
    columns = ", ".join(f"c.{name}" for name in spec.column_names)
    return (
        f"select {columns}, c.line_number, c.raw_line, "
        f"nullif(concat_ws('; ', {', '.join(reasons)}), '') as reason "
        f"from checked as c {' '.join(joins)}"
    )


def _header(path: Path) -> list[str]:
    import csv

    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return next(csv.reader(handle), [])


def _rejected_files(spark) -> dict[str, list[str]]:
    """The files with rejects on record, per store table."""
    found: dict[str, list[str]] = {}
    for source, name in spark.query(
        "select distinct source, source_file from raw.load_rejects "
        "where startswith(source, 'music_store_')"
    ):
        found.setdefault(source, []).append(name)
    return found


def _record(manifest: dict, files: dict[str, StoreFile], sources: dict, seq: int) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    for key in [key for key in manifest if key[0].startswith("music_store_")]:
        manifest.pop(key)
    for name, store_file in files.items():
        spec = BY_NAME[name]
        stat = store_file.path.stat()
        source = sources[name]
        manifest[(spec.source, store_file.name)] = {
            "source": spec.source,
            "source_file": store_file.name,
            "size_bytes": stat.st_size,
            "modified_ns": stat.st_mtime_ns,
            "content_hash": f"size={stat.st_size};mtime={stat.st_mtime_ns}",
            "rows_loaded": source.rows_loaded,
            "rows_rejected": 0,
            "loaded_at": now,
            "load_seq": seq,
            "first_load_seq": seq,
        }
