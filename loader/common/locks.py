"""Advisory locks that serialise loads, with a message while a load waits for another.

Session locks: they hold across the load's transactions and go with its connection, so a
killed load never leaves one behind. Waiting polls, so Ctrl-C stops a waiting load at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import psycopg2

POLL_SECONDS = 0.2

HOLDER = """
select activity.pid, activity.application_name, activity.backend_start
from pg_locks as locks
join pg_stat_activity as activity on activity.pid = locks.pid
where locks.locktype = 'advisory' and locks.granted and locks.objsubid = 1
    and locks.database = (select oid from pg_database where datname = current_database())
    and ((locks.classid::bigint << 32) | locks.objid::bigint) = hashtext(%s)::bigint
order by activity.backend_start
limit 1
"""


def _try(conn, statement: str, name: str) -> bool:
    with conn.cursor() as cur:
        cur.execute(statement, (name,))
        acquired = cur.fetchone()[0]
    conn.commit()
    return acquired


def holder(conn, name: str) -> str:
    """Who holds the lock, as a user can look it up in pg_stat_activity."""
    with conn.cursor() as cur:
        cur.execute(HOLDER, (name,))
        row = cur.fetchone()
    conn.commit()
    if row is None:
        return "holder unknown"
    pid, application, started = row
    who = application or "no application name"
    return f"server process {pid}, {who}, connected {started:%Y-%m-%d %H:%M:%S %Z}"


def wait_for_exclusive(
    conn, name: str, say: Callable[[str], None], waiting: str, release: bool = False
) -> None:
    """Take the lock exclusively, saying once what we wait for if someone else holds it."""
    statement = "select pg_try_advisory_lock(hashtext(%s))"
    if not _try(conn, statement, name):
        say(f"{waiting} ({holder(conn, name)}); Ctrl-C to give up")
        while not _try(conn, statement, name):
            time.sleep(POLL_SECONDS)
    if release:
        release_lock(conn, name)


def release_lock(conn, name: str) -> None:
    with conn.cursor() as cur:
        cur.execute("select pg_advisory_unlock(hashtext(%s))", (name,))
    conn.commit()


def hold_shared(conn, name: str) -> None:
    with conn.cursor() as cur:
        cur.execute("select pg_advisory_lock_shared(hashtext(%s))", (name,))
    conn.commit()


@contextmanager
def exclusive(conn, name: str, say: Callable[[str], None], waiting: str) -> Iterator[None]:
    """Hold the lock for the block; it also ends with the connection, however that ends."""
    wait_for_exclusive(conn, name, say, waiting)
    try:
        yield
    finally:
        with suppress(psycopg2.Error):  # the connection is gone, and the lock with it
            release_lock(conn, name)
