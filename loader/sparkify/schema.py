"""DDL for Sparkify's raw landing tables."""

from __future__ import annotations

from psycopg2 import sql

from loader.common.raw_schema import raw_table

TABLES = ("sparkify_events", "sparkify_songs")

# Raw landing keeps the whole record as jsonb, so a new key in the input never breaks a
# load. The primary key is the line's origin: the database itself refuses a second copy of
# a line, whatever overlapping loads try.
CREATE_TABLE = """
create table if not exists {table} (
    source_file text not null,
    line_number bigint not null,
    payload jsonb not null,
    loaded_at timestamptz not null default now(),
    constraint {pkey} primary key (source_file, line_number)
)
"""


def ensure_tables(cur) -> list[str]:
    """Create the tables, or bring older ones up to date. Returns what was repaired.

    Tables from before the primary key may hold lines twice (loads that overlapped). The
    files concerned are forgotten (rows, rejects, manifest entries) so that this load lands
    them again, once; then the key is added.
    """
    repaired: list[str] = []
    for table in TABLES:
        relation = raw_table(table)
        pkey = sql.Identifier(f"{table}_pkey")
        cur.execute(sql.SQL(CREATE_TABLE).format(table=relation, pkey=pkey))
        # Incremental runs used to find new rows by loaded_at; they now use the key.
        cur.execute(
            sql.SQL("drop index if exists {}").format(
                sql.Identifier("raw", f"{table}_loaded_at_idx")
            )
        )
        cur.execute(
            "select 1 from pg_constraint where conrelid = %s::regclass and contype = 'p'",
            (f"raw.{table}",),
        )
        if cur.fetchone() is None:
            repaired += _forget_doubled_files(cur, table)
            cur.execute(
                sql.SQL(
                    "alter table {} add constraint {} primary key (source_file, line_number)"
                ).format(relation, pkey)
            )
    return repaired


def _forget_doubled_files(cur, table: str) -> list[str]:
    cur.execute(
        sql.SQL(
            "select distinct source_file from {} group by source_file, line_number "
            "having count(*) > 1"
        ).format(raw_table(table))
    )
    names = [name for (name,) in cur.fetchall()]
    if names:
        cur.execute(
            sql.SQL("delete from {} where source_file = any(%s)").format(raw_table(table)),
            (names,),
        )
        for bookkeeping in ("load_rejects", "load_manifest"):
            cur.execute(
                sql.SQL("delete from {} where source = %s and source_file = any(%s)").format(
                    raw_table(bookkeeping)
                ),
                (table, names),
            )
    return [f"{table}: {name}" for name in names]
