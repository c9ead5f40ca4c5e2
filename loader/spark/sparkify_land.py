"""`sparkify load sparkify DATA_DIR --engine spark`: the cluster reads the JSON files.

The executors read the files in parallel, number each file's lines, check each is a JSON
object, and write rows and rejects into Parquet; this process only lists files and
sends SQL. Log files are partitioned by file in raw, so a changed file replaces exactly
its rows; song files are small and landed together. The manifest is written last: a
load that dies before it is done again by the next one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from loader.common.load_report import LoadReport, SourceReport
from loader.spark.file_views import create_everything_view, create_file_view, relative_name
from loader.spark.raw_layer import (
    drop_partitions,
    ensure_raw_layer,
    load_lock,
    next_load_seq,
    read_manifest,
    write_manifest,
)
from loader.spark.sql import literal, session
from loader.sparkify.files import Found, discover

# A line is landed when it is UTF-8 and parses as a JSON object (Spark's parser gives null
# otherwise). The text source keeps a line's bytes as they are (`original`); encoding them
# again goes through a decoding that replaces any invalid byte, so only valid UTF-8 comes
# back equal. (Any function that treats the line as text replaces them the same way.)
UTF8 = "original = cast(encode(original, 'UTF-8') as string)"
OBJECT = "json_object_keys(payload) is not null"
VALID = f"({UTF8} and {OBJECT})"
REASON = (
    f"case when not {UTF8} then 'not valid UTF-8 text (convert the file to UTF-8)' "
    f"when not {OBJECT} then 'invalid JSON, or not a JSON object' end"
)


def land_sparkify(
    data_dir: Path, settings=None, workers: int | None = None, say: Callable[[str], None] = print
) -> LoadReport:
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        raise FileNotFoundError(f"data directory not found: {data_dir}")
    started = time.perf_counter()
    report = LoadReport("sparkify")
    with load_lock(say), session() as spark:
        ensure_raw_layer(spark)
        # Files are never split (a log is numbered by one task), and small ones are packed
        # into one partition per core rather than one per 4 MB of "open cost".
        spark.execute("set spark.sql.files.maxPartitionBytes=17179869184")
        # Thousands of matched files are listed by the driver, not by a job of a task each.
        spark.execute("set spark.sql.sources.parallelPartitionDiscovery.threshold=1000000")
        manifest = read_manifest(spark)
        load_seq = next_load_seq(manifest)
        songs = discover(data_dir, "song_data")
        events = discover(data_dir, "log_data")
        report.sources.append(_land_songs(spark, data_dir, songs, manifest, load_seq))
        report.sources.append(_land_events(spark, data_dir, events, manifest, load_seq))
        write_manifest(spark, manifest)
        for source, found in (report.sources[0], songs), (report.sources[1], events):
            _unusable(spark, source, found)
            source.rejects_by_file = _rejects(spark, source.source, found.names)
    report.seconds = time.perf_counter() - started
    return report


def _changed(found: Found, source: str, manifest: dict) -> list[tuple[str, Path]]:
    changed = []
    for name, path in found.files:
        stat = path.stat()
        known = manifest.get((source, name))
        if not known or (known["size_bytes"], known["modified_ns"]) != (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            changed.append((name, path))
    return changed


def _land_events(spark, data_dir: Path, found: Found, manifest: dict, seq: int) -> SourceReport:
    source = SourceReport("sparkify_events", files_seen=len(found.names))
    todo = _changed(found, "sparkify_events", manifest)
    source.files_unchanged = len(found.files) - len(todo)
    if not todo:
        return source
    names = [name for name, _ in todo]
    # Each file is read whole by one task, in order: a line's number is its position in
    # the task's output less the file's first position (no sort of the lines needed).
    create_file_view(spark, "event_files", data_dir, names, "lineSep '\\n'")
    spark.execute(
        f"""create or replace temporary view event_lines as
        select {relative_name(data_dir)} as source_file,
            monotonically_increasing_id() as position, value
        from event_files"""
    )
    # One pass over the files into a Parquet table of every line, judged; the raw tables
    # are then filled from it without reading the JSON again.
    spark.execute("drop table if exists raw.sparkify_landing")
    spark.execute(
        f"""create table raw.sparkify_landing using parquet as
        with firsts as (
            select source_file, min(position) as first_position
            from event_lines
            group by source_file
        ),
        numbered as (
            select lines.source_file, lines.position - firsts.first_position + 1 as line_number,
                lines.value
            from event_lines as lines
            inner join firsts on lines.source_file = firsts.source_file
        ),
        cleaned as (
            select source_file, line_number, value as original,
                trim(trailing '\\r' from
                    case when line_number = 1 then regexp_replace(value, '^\\ufeff', '')
                    else value end
                ) as payload
            from numbered
        )
        select source_file, line_number, payload, {VALID} as is_valid, {REASON} as reason
        from cleaned
        where trim(both ' \\t\\n\\u000b\\f\\r' from payload) <> ''"""
    )
    drop_partitions(spark, "raw.sparkify_events", names)
    drop_partitions(spark, "raw.load_rejects", names)
    spark.execute(
        "insert into raw.sparkify_events partition (source_file) "
        "select line_number, payload, current_timestamp(), source_file "
        "from raw.sparkify_landing where is_valid"
    )
    spark.execute(
        "insert into raw.load_rejects partition (source_file) "
        "select 'sparkify_events', line_number, reason, substring(payload, 1, 65536), "
        "current_timestamp(), source_file from raw.sparkify_landing where not is_valid"
    )
    counts = _counts(spark, "raw.sparkify_landing")
    spark.execute("drop table raw.sparkify_landing")
    _record(manifest, "sparkify_events", todo, counts, seq, source)
    return source


def _land_songs(spark, data_dir: Path, found: Found, manifest: dict, seq: int) -> SourceReport:
    """Any new or changed song file lands every song again: they are small, and whole."""
    source = SourceReport("sparkify_songs", files_seen=len(found.names))
    todo = _changed(found, "sparkify_songs", manifest)
    gone = {name for (table, name) in manifest if table == "sparkify_songs"} - set(found.names)
    source.files_unchanged = len(found.files) - len(todo)
    if not todo and not gone:
        return source
    songs = [name for name, _ in found.files]
    create_everything_view(spark, "song_files", data_dir, songs, "wholetext 'true'")
    spark.cache(
        "landed_songs",
        f"""        with files as (
            select {relative_name(data_dir)} as source_file, value as original,
                trim(regexp_replace(regexp_replace(value, '^\\ufeff', ''), '[\\r\\n]', ' '))
                    as payload
            from song_files
        )
        select source_file, 1 as line_number, payload, {VALID} as is_valid, {REASON} as reason
        from files""",
    )
    old_rejects = [
        name
        for (name,) in spark.query(
            "select distinct source_file from raw.load_rejects where source = 'sparkify_songs'"
        )
    ]
    drop_partitions(spark, "raw.load_rejects", old_rejects)
    spark.execute(
        "insert overwrite table raw.sparkify_songs select source_file, line_number, payload, "
        "current_timestamp() from landed_songs where is_valid"
    )
    spark.execute(
        "insert into raw.load_rejects partition (source_file) "
        "select 'sparkify_songs', line_number, reason, substring(payload, 1, 65536), "
        "current_timestamp(), source_file from landed_songs where not is_valid"
    )
    counts = _counts(spark, "landed_songs")
    spark.release("landed_songs")
    for name in gone:
        manifest.pop(("sparkify_songs", name), None)
    everything = [(name, path) for name, path in found.files]
    _record(manifest, "sparkify_songs", everything, counts, seq, source, landed=todo)
    return source


def _counts(spark, table: str) -> dict[str, tuple[int, int]]:
    rows = spark.query(
        f"select source_file, count_if(is_valid), count_if(not is_valid) from {table} group by 1"
    )
    return {name: (int(good), int(bad)) for name, good, bad in rows}


def _record(
    manifest: dict,
    table: str,
    files: list[tuple[str, Path]],
    counts: dict[str, tuple[int, int]],
    seq: int,
    source: SourceReport,
    landed: list[tuple[str, Path]] | None = None,
) -> None:
    """Manifest rows for the files landed; only those in `landed` count as landed now."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    landed_names = {name for name, _ in (files if landed is None else landed)}
    for name, path in files:
        stat = path.stat()
        good, bad = counts.get(name, (0, 0))
        key = (table, name)
        known = manifest.get(key)
        manifest[key] = {
            "source": table,
            "source_file": name,
            "size_bytes": stat.st_size,
            "modified_ns": stat.st_mtime_ns,
            "content_hash": f"size={stat.st_size};mtime={stat.st_mtime_ns}",
            "rows_loaded": good,
            "rows_rejected": bad,
            "loaded_at": now,
            "load_seq": seq,
            "first_load_seq": known["first_load_seq"] if known else seq,
        }
        if name in landed_names:
            source.landed.append(name)
            source.rows_loaded += good


def _unusable(spark, source: SourceReport, found: Found) -> None:
    """File-level rejects (bad names, loops, unreadable files), as on PostgreSQL."""
    if not found.unusable:
        return
    drop_partitions(spark, "raw.load_rejects", [name for name, _ in found.unusable])
    rows = ", ".join(
        f"({literal(source.source)}, cast(null as bigint), {literal(reason)}, "
        f"cast(null as string), current_timestamp(), {literal(name)})"
        for name, reason in found.unusable
    )
    spark.execute(f"insert into raw.load_rejects partition (source_file) values {rows}")


def _rejects(spark, table: str, names: list[str]) -> list[tuple[str, int]]:
    if not names:
        return []
    rows = spark.query(
        f"select source_file, count(*) from raw.load_rejects where source = {literal(table)} "
        "group by 1 order by 1"
    )
    wanted = set(names)
    return [(name, int(count)) for name, count in rows if name in wanted]
