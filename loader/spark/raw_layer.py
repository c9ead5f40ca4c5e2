"""The raw layer on Spark: the same tables and columns as on PostgreSQL, in Parquet.

Log lines are partitioned by file, so landing a file again replaces exactly its rows.
A load holds `.spark/run/load.lock`, so one Spark load runs at a time. Nothing here ever
forgets a file that vanished: its rows, rejects and manifest row stay (docs/spark.md).
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from loader.music_store.schema import TABLES
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

DDL = [
    "create database if not exists raw",
    """create table if not exists raw.sparkify_events (
        line_number bigint, payload string, loaded_at timestamp, source_file string
    ) using parquet partitioned by (source_file)""",
    """create table if not exists raw.sparkify_songs (
        source_file string, line_number bigint, payload string, loaded_at timestamp
    ) using parquet""",
    """create table if not exists raw.load_manifest (
        source string, source_file string, size_bytes bigint, modified_ns bigint,
        content_hash string, rows_loaded bigint, rows_rejected bigint, loaded_at timestamp,
        load_seq bigint, first_load_seq bigint
    ) using parquet""",
    # Append-only: one row per load that landed something (see take_load_seq).
    """create table if not exists raw.load_seq_counter (
        load_seq bigint, taken_at timestamp
    ) using parquet""",
    """create table if not exists raw.load_rejects (
        source string, line_number bigint, reason string, raw_line string,
        rejected_at timestamp, source_file string
    ) using parquet partitioned by (source_file)""",
]


def store_ddl() -> list[str]:
    statements = []
    for spec in TABLES:
        columns = ", ".join(f"{c.name} {SPARK_TYPES[c.kind]}" for c in spec.columns)
        statements.append(
            f"create table if not exists raw.{spec.source} ({columns}, loaded_at timestamp) "
            "using parquet"
        )
    return statements


def ensure_raw_layer(spark) -> None:
    for statement in DDL + store_ddl():
        spark.execute(statement)


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
    """Replace the manifest with these rows (one per file: tens of thousands at 10M events)."""
    if not manifest:
        spark.execute("truncate table raw.load_manifest")
        return
    from loader.spark.sql import json_relation

    rows = [
        {column: row[column] for column in MANIFEST_COLUMNS} for _, row in sorted(manifest.items())
    ]
    schema = (
        "source:string,source_file:string,size_bytes:bigint,modified_ns:bigint,"
        "content_hash:string,rows_loaded:bigint,rows_rejected:bigint,loaded_at:string,"
        "load_seq:bigint,first_load_seq:bigint"
    )
    spark.execute(
        "insert overwrite table raw.load_manifest select source, source_file, size_bytes, "
        "modified_ns, content_hash, rows_loaded, rows_rejected, "
        "cast(loaded_at as timestamp), load_seq, first_load_seq "
        f"from {json_relation(rows, schema)}"
    )


def drop_partitions(spark, table: str, names: list[str], chunk: int = 200) -> None:
    """Forget what these files left in a table partitioned by source_file."""
    from loader.spark.sql import literal

    for start in range(0, len(names), chunk):
        partitions = ", ".join(
            f"partition (source_file = {literal(name)})" for name in names[start : start + chunk]
        )
        spark.execute(f"alter table {table} drop if exists {partitions}")
