"""The raw layer on Spark: the same relations and columns as on PostgreSQL, in Parquet.

A dbt run may read while a load writes, so nothing a reader can see is changed in place:
relations rewritten whole are views over generations (generations.py), and log lines are
only added, one partition per landing of a file, shown by raw.sparkify_events when the
manifest names that landing. The manifest is published last, so a query sees a load's
lines, songs and store tables whole or not at all, each as one generation.

A load holds `.spark/run/load.lock`, so one Spark load runs at a time. Nothing here ever
forgets a file that vanished: its rows, rejects and manifest row stay (docs/spark.md).
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import unquote

from loader.music_store.schema import TABLES
from loader.spark.generations import (
    Catalog,
    collect,
    generation_table,
    grace_seconds,
    new_generation,
    publish,
)
from loader.spark.runtime import Layout, state_dir

# Spark's names for the store's column kinds.
SPARK_TYPES = {
    "int": "int",
    "bigint": "bigint",
    "money": "decimal(10,2)",
    "timestamp": "timestamp",
    "text": "string",
}

MANIFEST_COLUMNS = (
    "source", "source_file", "size_bytes", "modified_ns", "content_hash",
    "rows_loaded", "rows_rejected", "loaded_at", "load_seq", "first_load_seq",
)  # fmt: skip

# Relations rewritten whole by a load: views over generations (loader/spark/generations.py).
WHOLE = {
    "load_manifest": (
        "source string, source_file string, size_bytes bigint, modified_ns bigint, "
        "content_hash string, rows_loaded bigint, rows_rejected bigint, loaded_at timestamp, "
        "load_seq bigint, first_load_seq bigint"
    ),
    "sparkify_songs": (
        "source_file string, line_number bigint, payload string, loaded_at timestamp"
    ),
    **{
        spec.source: ", ".join(f"{c.name} {SPARK_TYPES[c.kind]}" for c in spec.columns)
        + ", loaded_at timestamp"
        for spec in TABLES
    },
}

# Tables only ever added to (a partition, a file), never rewritten.
APPENDED = {
    # Each landing of a log file is its own partition (source_file, load_seq); the view
    # raw.sparkify_events shows the one the manifest names, so a replaced file's new lines
    # appear, and its old ones go, with the manifest generation that records it.
    "sparkify_event_lines": """create table raw.sparkify_event_lines (
        line_number bigint, payload string, loaded_at timestamp, source_file string,
        load_seq bigint
    ) using parquet partitioned by (source_file, load_seq)""",
    # One row per load that landed something (see take_load_seq).
    "load_seq_counter": """create table raw.load_seq_counter (
        load_seq bigint, taken_at timestamp
    ) using parquet""",
    # Not read by dbt: a file's rejects are replaced in place when it lands again.
    "load_rejects": """create table raw.load_rejects (
        source string, line_number bigint, reason string, raw_line string,
        rejected_at timestamp, source_file string
    ) using parquet partitioned by (source_file)""",
}

EVENTS_VIEW = """create view raw.sparkify_events as
    select lines.line_number, lines.payload, lines.loaded_at, lines.source_file
    from raw.sparkify_event_lines as lines
    left semi join raw.load_manifest as landed
        on landed.source = 'sparkify_events'
        and landed.source_file = lines.source_file
        and landed.load_seq = lines.load_seq"""


def columns_of(name: str) -> str:
    return ", ".join(column.split()[0] for column in WHOLE[name].split(", "))


def ensure_raw_layer(spark) -> Catalog:
    """Create what is missing (a few metastore calls when nothing is) and move a warehouse
    landed before generations onto them. Called under the load lock."""
    spark.execute("create database if not exists raw")
    catalog = Catalog.read(spark)
    if "sparkify_songs_next" in catalog.tables:  # staged by an earlier version; relanded
        spark.execute("drop table raw.sparkify_songs_next")
    for name, ddl in APPENDED.items():
        if name not in catalog.tables:
            spark.execute(ddl)
    for name in WHOLE:
        if name in catalog.views:
            continue
        first = generation_table(name, 0)
        if name in catalog.tables:  # landed before generations: its table becomes the first
            spark.execute(f"alter table raw.{name} rename to {first}")
        elif 0 not in catalog.generations(name):
            spark.execute(f"create table {first} ({WHOLE[name]}) using parquet")
        publish(spark, name, first, columns_of(name), catalog)
    if "sparkify_events" not in catalog.views:
        if "sparkify_events" in catalog.tables:
            _move_events_to_lines(spark)
        spark.execute(EVENTS_VIEW)
    return Catalog.read(spark)


def _move_events_to_lines(spark) -> None:
    """raw.sparkify_events as a table (one partition per file) into raw.sparkify_event_lines
    under the manifest's load_seq; redone whole if a load died in the middle."""
    spark.execute("truncate table raw.sparkify_event_lines")
    spark.execute(
        "insert into raw.sparkify_event_lines partition (source_file, load_seq) "
        "select events.line_number, events.payload, events.loaded_at, events.source_file, "
        "landed.load_seq from raw.sparkify_events as events "
        "inner join raw.load_manifest as landed on landed.source = 'sparkify_events' "
        "and landed.source_file = events.source_file"
    )
    spark.execute("drop table raw.sparkify_events")


def collect_garbage(spark, catalog: Catalog, manifest: dict) -> None:
    """Drop what no reader can still be using: replaced generations and log partitions
    past the grace, and what a load that died left unpublished."""
    for name in WHOLE:
        collect(spark, name, catalog)
    drop_partitions(spark, "raw.sparkify_event_lines", _unused_lines(spark, manifest))


def _unused_lines(spark, manifest: dict) -> list[dict[str, object]]:
    """Partitions of raw.sparkify_event_lines that the manifest does not name: those of a
    dead load at once; a replaced landing once the grace has passed since its file's
    new landing was recorded (a moment before that manifest was published)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    unused = []
    for (spec,) in spark.query("show partitions raw.sparkify_event_lines"):
        parts = dict(part.split("=", 1) for part in spec.split("/"))
        name, seq = unquote(parts["source_file"]), int(parts["load_seq"])
        current = manifest.get(("sparkify_events", name))
        if current and seq == current["load_seq"]:
            continue
        if current and seq < current["load_seq"]:
            recorded = datetime.fromisoformat(str(current["loaded_at"]))
            if (now - recorded).total_seconds() < grace_seconds():
                continue
        unused.append({"source_file": name, "load_seq": seq})
    return unused


@contextmanager
def load_lock(say: Callable[[str], None]) -> Iterator[None]:
    """One Spark load at a time; a second waits, saying so."""
    layout = Layout(state_dir())
    layout.run.mkdir(parents=True, exist_ok=True)
    with (layout.run / "load.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("another load into Spark is running; waiting for it (Ctrl-C to give up)")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def read_manifest(spark) -> dict[tuple[str, str], dict]:
    rows = spark.query(f"select {', '.join(MANIFEST_COLUMNS)} from raw.load_manifest")
    return {(row[0], row[1]): dict(zip(MANIFEST_COLUMNS, row, strict=True)) for row in rows}


def take_load_seq(spark) -> int:
    """This load's number, above every number a load took before.

    The manifest alone cannot keep that promise: it is rewritten whole (`insert overwrite`
    deletes its files before writing), so a server that dies meanwhile leaves it empty, and
    numbering would restart at 1 below what dbt already consumed. raw.load_seq_counter is
    only ever appended to (`insert into` adds a file beside the others and never touches
    them), so its maximum cannot go back; the manifest's counts too, for a warehouse landed
    before the counter existed. The number is taken before anything lands."""
    (current,) = spark.query(
        "select greatest("
        "coalesce((select max(load_seq) from raw.load_seq_counter), 0), "
        "coalesce((select max(load_seq) from raw.load_manifest), 0))"
    )[0]
    seq = int(current) + 1
    spark.execute(f"insert into raw.load_seq_counter values ({seq}, current_timestamp())")
    return seq


def write_manifest(spark, manifest: dict[tuple[str, str], dict]) -> None:
    """Publish these rows (one per file: tens of thousands at 10M events) as the manifest."""
    from loader.spark.sql import json_relation

    rows = [
        {column: row[column] for column in MANIFEST_COLUMNS} for _, row in sorted(manifest.items())
    ]
    schema = (
        "source:string,source_file:string,size_bytes:bigint,modified_ns:bigint,"
        "content_hash:string,rows_loaded:bigint,rows_rejected:bigint,loaded_at:string,"
        "load_seq:bigint,first_load_seq:bigint"
    )
    table = new_generation(spark, "load_manifest")
    spark.execute(
        f"create table {table} using parquet as select source, source_file, size_bytes, "
        "modified_ns, content_hash, rows_loaded, rows_rejected, "
        "cast(loaded_at as timestamp) as loaded_at, load_seq, first_load_seq "
        f"from {json_relation(rows, schema)}"
    )
    publish(spark, "load_manifest", table, columns_of("load_manifest"))


def drop_partitions(
    spark, table: str, partitions: list[str] | list[dict[str, object]], chunk: int = 200
) -> None:
    """Drop these partitions: file names (a table partitioned by source_file) or specs."""
    from loader.spark.sql import literal

    specs = [p if isinstance(p, dict) else {"source_file": p} for p in partitions]
    for start in range(0, len(specs), chunk):
        clauses = ", ".join(
            "partition ("
            + ", ".join(f"{column} = {literal(value)}" for column, value in spec.items())
            + ")"
            for spec in specs[start : start + chunk]
        )
        spark.execute(f"alter table {table} drop if exists {clauses}")
