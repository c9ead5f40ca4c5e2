"""Every raw table of both domains, created before anything lands.

Run by every load, by `sparkify db start` and by `sparkify db init`, so that plain dbt
works on any warehouse state: an empty source is an empty table, never a missing one.
"""

from __future__ import annotations

from loader.common.connection import connect, transaction
from loader.common.raw_schema import ensure_bookkeeping
from loader.common.settings import ConnectionSettings
from loader.music_store import schema as music_store_schema
from loader.sparkify import schema as sparkify_schema


def ensure_raw_layer(cur) -> list[str]:
    """Create what is missing; returns notices about anything repaired on the way."""
    ensure_bookkeeping(cur)
    repaired = sparkify_schema.ensure_tables(cur)
    music_store_schema.ensure_tables(cur)
    return [
        f"{name} held lines twice (loads that overlapped before this version); "
        "its rows were removed and it is landed again"
        for name in repaired
    ]


def init_raw_layer(settings: ConnectionSettings) -> list[str]:
    conn = connect(settings)
    try:
        with transaction(conn) as cur:
            return ensure_raw_layer(cur)
    finally:
        conn.close()
