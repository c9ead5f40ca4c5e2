"""`sparkify load sparkify DATA_DIR --engine spark`: the cluster reads the JSON files.

The executors read the files in parallel, number each file's lines, check each is a JSON
object, and write rows and rejects into Parquet; this process only lists files and
sends SQL. Each landing of a log file is a partition of its own, so a changed file
replaces exactly its rows; song files are small and landed together, as a new generation
of raw.sparkify_songs. The manifest is published last, and only then do readers see the
load (loader/spark/raw_layer.py): a load that dies before it is done again by the next.

Nothing landed is lost: a file (or a whole folder) that is missing now keeps its rows,
rejects and manifest row, as on PostgreSQL; docs/spark.md says how to forget one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from loader.common.load_report import LoadReport, SourceReport
from loader.spark.file_views import (
    content_hashes,
    create_everything_view,
    create_file_view,
    relative_name,
)
from loader.spark.generations import new_generation, publish
from loader.spark.raw_layer import (
    collect_garbage,
    columns_of,
    drop_partitions,
    ensure_raw_layer,
    load_lock,
    read_manifest,
    take_load_seq,
    write_manifest,
)
from loader.spark.sql import json_strings, literal, session
from loader.sparkify.files import Found, data_directory, discover

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


def load_sparkify(
    data_dir: Path, settings=None, workers: int | None = None, say: Callable[[str], None] = print
) -> LoadReport:
    data_dir = data_directory(data_dir)
    started = time.perf_counter()
    report = LoadReport("sparkify")
    with load_lock(say), session() as spark:
        catalog = ensure_raw_layer(spark)
        # Files are never split (a log is numbered by one task), and small ones are packed
        # into one partition per core rather than one per 4 MB of "open cost".
        spark.execute("set spark.sql.files.maxPartitionBytes=17179869184")
        # Thousands of matched files are listed by the driver, not by a job of a task each.
        spark.execute("set spark.sql.sources.parallelPartitionDiscovery.threshold=1000000")
        manifest = read_manifest(spark)
        collect_garbage(spark, catalog, manifest)
        songs = discover(data_dir, "song_data")
        events = discover(data_dir, "log_data")
        song_plan = _plan(
            spark,
            data_dir,
            songs,
            "sparkify_songs",
            manifest,
            everything=True,
            hashed_by_landing=True,
        )
        event_plan = _plan(spark, data_dir, events, "sparkify_events", manifest)
        seq = take_load_seq(spark) if song_plan.todo or event_plan.todo else 0
        songs_table = _load_songs(spark, data_dir, songs, song_plan, manifest, seq, report)
        report.sources.append(_load_events(spark, data_dir, events, event_plan, manifest, seq))
        # Published together at the end, the manifest last: it is what shows new lines.
        if songs_table:
            publish(spark, "sparkify_songs", songs_table, columns_of("sparkify_songs"))
        if song_plan.todo or event_plan.todo or song_plan.touched or event_plan.touched:
            write_manifest(spark, manifest)
        for source, found in (report.sources[0], songs), (report.sources[1], events):
            _unusable(spark, source, found)
            source.rejects_by_file = _rejects(spark, source.source, found.names)
    report.seconds = time.perf_counter() - started
    return report


FEW_FILES = 100


@dataclass
class Plan:
    """The files to land, with the content hash of each, and those merely touched."""

    todo: list[tuple[str, Path]] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    touched: int = 0


def _plan(
    spark,
    data_dir: Path,
    found: Found,
    source: str,
    manifest: dict,
    everything: bool = False,
    hashed_by_landing: bool = False,
) -> Plan:
    """As on PostgreSQL: size and modification time first, then the content hash, so a file
    only touched (or regenerated the same) is not landed again; its manifest row takes the
    new time. A file that vanished or sits in a missing folder is simply not here.
    `hashed_by_landing`: the landing read gives every file's hash (the songs), so only
    files already in the manifest are hashed here, to tell a touch from a change."""
    candidates = []
    for name, path in found.files:
        stat = path.stat()
        known = manifest.get((source, name))
        if not known or (known["size_bytes"], known["modified_ns"]) != (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            candidates.append((name, path, stat))
    plan = Plan()
    names = [
        name for name, _, _ in candidates if not hashed_by_landing or (source, name) in manifest
    ]
    # Many song files are read faster by wildcards than by matching their names.
    many = everything and len(names) > FEW_FILES
    plan.hashes = content_hashes(spark, data_dir, names, many)
    for name, path, stat in candidates:
        known = manifest.get((source, name))
        if known and known["content_hash"] == plan.hashes.get(name):
            known["size_bytes"], known["modified_ns"] = stat.st_size, stat.st_mtime_ns
            plan.touched += 1
        else:
            plan.todo.append((name, path))
    return plan


def _load_events(
    spark, data_dir: Path, found: Found, plan: Plan, manifest: dict, seq: int
) -> SourceReport:
    source = SourceReport("sparkify_events", files_seen=len(found.names))
    todo = plan.todo
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
    # New partitions beside the lines landed before, unseen until the manifest names them.
    spark.execute(
        "insert into raw.sparkify_event_lines partition (source_file, load_seq) "
        f"select line_number, payload, current_timestamp(), source_file, {seq} "
        "from raw.sparkify_landing where is_valid"
    )
    drop_partitions(spark, "raw.load_rejects", names)
    counts = _counts(spark, "raw.sparkify_landing")
    if any(bad for _, bad in counts.values()):  # a write is a job: none for clean files
        spark.execute(
            "insert into raw.load_rejects partition (source_file) "
            "select 'sparkify_events', line_number, reason, substring(payload, 1, 65536), "
            "current_timestamp(), source_file from raw.sparkify_landing where not is_valid"
        )
    spark.execute("drop table raw.sparkify_landing")
    _record(manifest, "sparkify_events", todo, counts, plan.hashes, seq, source)
    return source


def _load_songs(
    spark, data_dir: Path, found: Found, plan: Plan, manifest: dict, seq: int, report: LoadReport
) -> str | None:
    """Any new or changed song file lands every song again (they are small, and Parquet
    cannot replace some rows of a table) into a new generation of raw.sparkify_songs,
    returned for publishing: the files found, plus the rows of every file landed before and
    not found now, which are kept as they are."""
    source = SourceReport("sparkify_songs", files_seen=len(found.names))
    report.sources.append(source)
    source.files_unchanged = len(found.files) - len(plan.todo)
    if not plan.todo:
        return None
    songs = [name for name, _ in found.files]
    create_everything_view(spark, "song_files", data_dir, songs, "wholetext 'true'")
    # A whole file is one value with its bytes as they are, so its hash is the file's.
    spark.cache(
        "landed_songs",
        f"""        with files as (
            select {relative_name(data_dir)} as source_file, value as original,
                trim(regexp_replace(regexp_replace(value, '^\\ufeff', ''), '[\\r\\n]', ' '))
                    as payload
            from song_files
        )
        select source_file, 1 as line_number, payload, {VALID} as is_valid, {REASON} as reason,
            concat('sha256:', sha2(cast(original as binary), 256)) as content_hash
        from files""",
    )
    table = new_generation(spark, "sparkify_songs")
    spark.execute(
        f"create table {table} using parquet as "
        "select source_file, line_number, payload, current_timestamp() as loaded_at "
        "from landed_songs where is_valid "
        "union all select source_file, line_number, payload, loaded_at from raw.sparkify_songs "
        f"where source_file not in {json_strings(songs)}"
    )
    old_rejects = {
        name
        for (name,) in spark.query(
            "select distinct source_file from raw.load_rejects where source = 'sparkify_songs'"
        )
    }
    drop_partitions(spark, "raw.load_rejects", sorted(old_rejects & set(songs)))
    counts = _counts(spark, "landed_songs")
    if any(bad for _, bad in counts.values()):
        spark.execute(
            "insert into raw.load_rejects partition (source_file) "
            "select 'sparkify_songs', line_number, reason, substring(payload, 1, 65536), "
            "current_timestamp(), source_file from landed_songs where not is_valid"
        )
    hashes = dict(spark.query("select source_file, content_hash from landed_songs"))
    spark.release("landed_songs")
    hashes = {**plan.hashes, **hashes}
    _record(manifest, "sparkify_songs", found.files, counts, hashes, seq, source, plan.todo)
    return table


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
    hashes: dict[str, str],
    seq: int,
    source: SourceReport,
    landed: list[tuple[str, Path]] | None = None,
) -> None:
    """Manifest rows for the files landed; only those in `landed` count as landed now.
    `content_hash` is `sha256:<hex>` of the file's bytes, as on PostgreSQL."""
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
            "content_hash": hashes.get(name, ""),
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
