"""The `raw` schema that the loader owns, and its bookkeeping tables (manifest, rejects)."""

from __future__ import annotations

from psycopg2 import sql

RAW_SCHEMA = "raw"


def raw_table(name: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(RAW_SCHEMA), sql.Identifier(name))


BOOKKEEPING_DDL = """
create schema if not exists raw;

-- Numbers landings in the order they commit (see docs/raw_layer.md): dbt's incremental
-- models remember the highest number they have consumed. It starts at the clock's
-- microseconds, so a raw schema created again never reuses a number an incremental model
-- has seen.
do $create_seq$
begin
    if to_regclass('raw.load_seq') is null then
        execute format(
            'create sequence raw.load_seq start with %s',
            (extract(epoch from clock_timestamp()) * 1000000)::bigint
        );
    end if;
end
$create_seq$;

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
    -- This version's landing, and the file's first (a replaced file keeps the latter).
    load_seq bigint not null,
    first_load_seq bigint not null,
    primary key (source, source_file)
);

-- Every input record that could not be landed, with where it came from and why. A file
-- that could not be read at all has one row with no line_number.
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

# Taken by every transaction that changes the raw layer's DDL: CREATE ... IF NOT EXISTS is
# not race-free.
DDL_LOCK = "sparkify-raw-ddl"


def lock_ddl(cur) -> None:
    cur.execute("select pg_advisory_xact_lock(hashtext(%s))", (DDL_LOCK,))


# Manifests from before load_seq: number their files once, in landing order. Only run when
# the columns are missing, as ALTER TABLE locks out the dbt runs reading the manifest.
MANIFEST_MIGRATION = """
alter table raw.load_manifest add column if not exists load_seq bigint;
alter table raw.load_manifest add column if not exists first_load_seq bigint;
update raw.load_manifest as m set load_seq = numbered.seq, first_load_seq = numbered.seq
from (
    select source, source_file, nextval('raw.load_seq') as seq
    from (select source, source_file from raw.load_manifest where load_seq is null
          order by loaded_at, source, source_file) as ordered
) as numbered
where m.source = numbered.source and m.source_file = numbered.source_file;
alter table raw.load_manifest alter column load_seq set not null;
alter table raw.load_manifest alter column first_load_seq set not null;
"""


def ensure_bookkeeping(cur) -> None:
    lock_ddl(cur)
    cur.execute(BOOKKEEPING_DDL)
    if not _has_column(cur, "load_manifest", "load_seq"):
        cur.execute(MANIFEST_MIGRATION)


def _has_column(cur, table: str, column: str) -> bool:
    cur.execute(
        "select 1 from information_schema.columns "
        "where table_schema = %s and table_name = %s and column_name = %s",
        (RAW_SCHEMA, table, column),
    )
    return cur.fetchone() is not None
