"""DDL for the `raw` schema that the loader owns: landing tables and the load bookkeeping."""

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

# Raw landing keeps the whole record as jsonb, so a new key in the input never breaks a load.
SPARKIFY_DDL = """
create table if not exists raw.sparkify_events (
    source_file text not null,
    line_number bigint not null,
    payload jsonb not null,
    loaded_at timestamptz not null default now()
);

-- dbt's incremental models find what is new by loaded_at; one COPY shares one value,
-- so the index stays small and cheap to maintain.
create index if not exists sparkify_events_loaded_at_idx on raw.sparkify_events (loaded_at);

create table if not exists raw.sparkify_songs (
    source_file text not null,
    line_number bigint not null,
    payload jsonb not null,
    loaded_at timestamptz not null default now()
);
"""


def ensure_bookkeeping(cur) -> None:
    # Serialise concurrent first runs: CREATE ... IF NOT EXISTS is not race-free.
    cur.execute("select pg_advisory_xact_lock(hashtext('sparkify-raw-ddl'))")
    cur.execute(BOOKKEEPING_DDL)
