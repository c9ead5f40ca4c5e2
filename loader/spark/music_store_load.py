"""`sparkify load music-store CSV_DIR --engine spark`: the store's CSVs, on the cluster.

The same files, tables and checks as on PostgreSQL (loader/music_store/), with the reasons
worded once (loader/music_store/rules.py): types, required values, minimums, foreign keys
and repeated keys, each bad record set aside in raw.load_rejects with its line and reason.
The store is small, so when any file is new or its content changed, every table whose file
is here is landed again, parents first, each into a new generation; all are published
together, then the manifest (loader/spark/generations.py). A table whose (optional) file
is missing keeps its rows, rejects and manifest row: nothing landed is lost (docs/spark.md
says how to forget one; on PostgreSQL such a table is emptied).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from loader.common.load_report import LoadReport, SourceReport
from loader.music_store import rules
from loader.music_store.files import StoreFile, discover
from loader.music_store.schema import BY_NAME, TABLES, TableSpec
from loader.spark.file_views import content_hashes, escape
from loader.spark.generations import new_generation, publish
from loader.spark.raw_layer import (
    SPARK_TYPES,
    collect_garbage,
    columns_of,
    drop_partitions,
    ensure_raw_layer,
    load_lock,
    read_manifest,
    take_load_seq,
    write_manifest,
)
from loader.spark.sql import literal, session


def load_music_store(
    csv_dir: Path, settings=None, workers: int | None = None, say: Callable[[str], None] = print
) -> LoadReport:
    csv_dir = csv_dir.resolve()
    files = discover(csv_dir)
    started = time.perf_counter()
    report = LoadReport("music_store")
    with load_lock(say), session() as spark:
        catalog = ensure_raw_layer(spark)
        manifest = read_manifest(spark)
        collect_garbage(spark, catalog, manifest)
        sources = {spec.name: SourceReport(spec.source, files_seen=int(spec.name in files))
                   for spec in TABLES}  # fmt: skip
        report.sources.extend(sources.values())
        changed, touched = _changed(spark, csv_dir, files, manifest)
        if changed:
            seq = take_load_seq(spark)
            hashes = content_hashes(spark, csv_dir, [f.name for f in files.values()], False)
            spark.execute("set spark.sql.files.maxPartitionBytes=17179869184")
            old_rejects = _rejected_files(spark)
            rejected, built = {}, {}
            for spec in TABLES:  # parents before children
                if spec.name not in files:  # an optional table without its file: kept
                    continue
                drop_partitions(spark, "raw.load_rejects", old_rejects.get(spec.source, []))
                built[spec.name] = new_generation(spark, spec.source, catalog)
                rejected[spec.name] = _load_table(
                    spark, spec, files[spec.name], sources[spec.name], built
                )
            # Every table built, then published in one burst, parents first; the manifest last.
            for name, table in built.items():
                publish(spark, BY_NAME[name].source, table, columns_of(BY_NAME[name].source))
            _record(manifest, files, sources, rejected, hashes, seq)
            write_manifest(spark, manifest)
        else:
            if touched:
                write_manifest(spark, manifest)
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


def _changed(
    spark, csv_dir: Path, files: dict[str, StoreFile], manifest: dict
) -> tuple[bool, bool]:
    """Whether a file here is new or holds new content, and whether one was only touched
    (its manifest row then takes the new time). A missing file is no change."""
    candidates = []
    for store_file in files.values():
        stat = store_file.path.stat()
        known = manifest.get((store_file.spec.source, store_file.name))
        if not known or (known["size_bytes"], known["modified_ns"]) != (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            candidates.append((store_file, stat))
    if not candidates:
        return False, False
    hashes = content_hashes(spark, csv_dir, [f.name for f, _ in candidates], False)
    changed = touched = False
    for store_file, stat in candidates:
        known = manifest.get((store_file.spec.source, store_file.name))
        if known and known["content_hash"] == hashes.get(store_file.name):
            known["size_bytes"], known["modified_ns"] = stat.st_size, stat.st_mtime_ns
            touched = True
        else:
            changed = True
    return changed, touched


def _load_table(
    spark, spec: TableSpec, store_file: StoreFile, source: SourceReport, built: dict[str, str]
) -> int:
    """Land the file's good records into the table's new generation (`built`, with those of
    the parents landed before it); returns the records rejected."""
    header = _header(store_file.path)
    by_column = dict(zip(store_file.columns, header, strict=True))
    # The schema is given, not inferred: multiLine inference globs the file's path again,
    # unescaped, and finds nothing under a folder such as `store[1]/`.
    schema = ", ".join("`" + name.replace("`", "``") + "` string" for name in header)
    spark.execute(
        f"create or replace temporary view incoming ({schema}) using csv options ("
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
            bad = f"try_cast({value} as {kind}) is null"
            if column.kind == "money":  # a cast to decimal(10,2) would round 1.234
                bad += f" or not {value} rlike {literal(rules.MONEY_TEXT)}"
            quoted = f"concat({literal(chr(39))}, replace({value}, {literal(chr(39))}, "
            quoted += f"{literal(chr(39) * 2)}), {literal(chr(39))})"
            reasons.append(
                f"case when {value} is not null and ({bad}) "
                f"then concat({literal(rules.not_a(column.name, column.kind))}, {quoted}) end"
            )
            if column.minimum is not None:
                reasons.append(
                    f"case when try_cast({value} as {kind}) < {column.minimum} then "
                    f"concat({literal(rules.below_minimum(column.name, column.minimum))}, "
                    f"trim({value})) end"
                )
        if column.required:
            reasons.append(
                f"case when {value} is null then {literal(rules.missing(column.name))} end"
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
    spark.cache("judged", _judged_sql(spec, built))
    columns = ", ".join(spec.column_names)
    spark.execute(
        f"create table {built[spec.name]} using parquet as select {columns}, "
        "current_timestamp() as loaded_at from judged where reason is null"
    )
    good, bad = spark.query(
        "select count_if(reason is null), count_if(reason is not null) from judged"
    )[0]
    if bad:  # a write is a job on the cluster: none for a clean file
        spark.execute(
            "insert into raw.load_rejects partition (source_file) "
            f"select {literal(spec.source)}, line_number, reason, raw_line, "
            f"current_timestamp(), {literal(store_file.name)} from judged where reason is not null"
        )
    spark.release("judged")
    source.landed = [store_file.name]
    source.rows_loaded = int(good)
    source.bytes_read = store_file.path.stat().st_size
    return int(bad)


def _judged_sql(spec: TableSpec, built: dict[str, str]) -> str:
    """Every record with the reason it must not land, as on PostgreSQL: its own values;
    else a dangling foreign key (against the parent as this load leaves it); else a
    repeated key among the records otherwise good (the first occurrence lands)."""
    joins, dangling = [], []
    for number, fk in enumerate(spec.foreign_keys):
        parent = (
            "checked"
            if fk.parent == spec.name
            else built.get(fk.parent, f"raw.{BY_NAME[fk.parent].source}")
        )
        alias = f"p{number}"
        joins.append(
            f"left join (select distinct {fk.parent_column} as k from {parent}) as {alias} "
            f"on {alias}.k = c.{fk.column}"
        )
        before, after = rules.dangling(fk)
        dangling.append(
            f"case when c.{fk.column} is not null and {alias}.k is null then concat("
            f"{literal(before)}, c.{fk.column}, {literal(after)}) end"
        )
    columns = ", ".join(spec.column_names)
    keys = ", ".join(spec.primary_key)
    window = f"partition by reason is null and fk_reason is null, {keys}"
    before, after = rules.duplicate(spec.primary_key)
    key_text = ", ".join(f"cast({k} as string)" for k in spec.primary_key)
    fk_reason = f"nullif(concat_ws('; ', {', '.join(dangling)}), '')" if dangling else "null"
    return f"""
        with joined as (
            select c.*, case when c.reason is null then {fk_reason} end as fk_reason
            from checked as c {" ".join(joins)}
        ),
        ranked as (
            select *,
                row_number() over ({window} order by line_number) as occurrence,
                min(line_number) over ({window}) as first_line
            from joined
        )
        select {columns}, line_number, raw_line,
            coalesce(reason, fk_reason, case when occurrence > 1 then concat(
                {literal(before)}, concat_ws(', ', {key_text}), {literal(after)}, first_line
            ) end) as reason
        from ranked"""


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


def _record(
    manifest: dict,
    files: dict[str, StoreFile],
    sources: dict[str, SourceReport],
    rejected: dict[str, int],
    hashes: dict[str, str],
    seq: int,
) -> None:
    """The manifest rows of the tables landed now; a table without its file keeps its row."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    landed = {BY_NAME[name].source for name in files}
    earlier = {key: row for key, row in manifest.items() if key[0] in landed}
    for key in earlier:
        manifest.pop(key)
    for name, store_file in files.items():
        spec = BY_NAME[name]
        stat = store_file.path.stat()
        known = earlier.get((spec.source, store_file.name))
        manifest[(spec.source, store_file.name)] = {
            "source": spec.source,
            "source_file": store_file.name,
            "size_bytes": stat.st_size,
            "modified_ns": stat.st_mtime_ns,
            "content_hash": hashes.get(store_file.name, ""),
            "rows_loaded": sources[name].rows_loaded,
            "rows_rejected": rejected.get(name, 0),
            "loaded_at": now,
            "load_seq": seq,
            "first_load_seq": known["first_load_seq"] if known else seq,
        }
