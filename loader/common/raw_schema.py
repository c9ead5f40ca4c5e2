"""The `raw` schema that the loader owns, and its bookkeeping tables (manifest, rejects)."""

from __future__ import annotations

from psycopg2 import sql

RAW_SCHEMA = "raw"


def raw_table(name: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(name))


BOOKKEEPING_DDL = """
create schema if not exists raw;

-- One row per source file landed: how the loader knows a file is new, changed or unchanged.
create table if not exists raw.load_manifest (
    source text not null,
    source_file text not null,
    size_bytes bigint not null,
    modified_ns bigint not null,
    content_hash text not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    loaded_at timestamptz not null default now(),
    primary key (source, source_file)
);

-- Every input record that could not be landed, with where it came from and why.
create table if not exists raw.load_rejects (
    source text not null,
    source_file text not null,
    line_number bigint,
    reason text not null,
    raw_line text,
    rejected_at timestamptz not null default now()
);
create index if not exists load_rejects_file_idx on raw.load_rejects (source, source_file);
"""


def ensure_bookkeeping(cur) -> None:
    # Serialise concurrent first runs: CREATE ... IF NOT EXISTS is not race-free.
    cur.execute("select pg_advisory_xact_lock(hashtext('sparkify-raw-ddl'))")
    cur.execute(BOOKKEEPING_DDL)
