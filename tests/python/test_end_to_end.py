"""Generate, load and `dbt build` the whole project through dbt's Python API, then check
the marts against the raw data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg2
import pytest

from loader.common.connection import connect
from loader.dbt_runner import run_dbt
from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from tests.python.helpers import database_environment, query

SPEC = SparkifySpec(songs=80, users=25, days=5, events=4000, seed=21, match_share=0.4)


@dataclass(frozen=True)
class Built:
    """The whole project built once: a connection to its database, and dbt's results."""

    conn: psycopg2.extensions.connection
    results: list


@pytest.fixture(scope="module")
def built(module_db, tmp_path_factory) -> Iterator[Built]:
    """One full build of the whole project on a fresh database."""
    root = tmp_path_factory.mktemp("e2e")
    generate_sparkify(root / "sparkify", SPEC)
    generate_music_store(
        root / "store", customers=30, tracks=300, invoices=120, listens=2000, seed=21
    )
    assert load_sparkify(root / "sparkify", module_db).exit_code == 0
    assert load_music_store(root / "store", module_db).exit_code == 0
    with database_environment(module_db):
        target = ["--target-path", str(root / "target"), "--log-path", str(root / "logs")]
        outcome = run_dbt(["build", *target])
    failures = [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in (outcome.results or [])
        if str(r.status) not in ("success", "pass")
    ]
    assert outcome.success, failures or outcome.error
    conn = connect(module_db)
    conn.autocommit = True
    try:
        yield Built(conn, outcome.results)
    finally:
        conn.close()


def test_every_dbt_test_ran_and_passed(built):
    kinds = {r.node.resource_type for r in built.results}
    assert {"model", "test", "unit_test", "snapshot"} <= {str(k) for k in kinds}
    tests = [r for r in built.results if str(r.node.resource_type) in ("test", "unit_test")]
    assert len(tests) > 50 and all(str(r.status) == "pass" for r in tests)


def test_songplays_hold_every_nextsong_event_once(built):
    conn = built.conn
    distinct_plays = query(
        conn,
        """
        select count(distinct (payload->>'sessionId', payload->>'itemInSession',
                               payload->>'ts', payload->>'userId'))
        from raw.sparkify_events where payload->>'page' = 'NextSong'""",
    )[0][0]
    assert query(conn, "select count(*), count(distinct songplay_id) from sparkify.songplays") == [
        (distinct_plays, distinct_plays)
    ]
    matched = query(conn, "select count(song_id) from sparkify.songplays")[0][0]
    assert 0 < matched < distinct_plays


def test_users_carry_their_latest_level(built):
    conn = built.conn
    latest = dict(
        query(
            conn,
            """
        select distinct on ((payload->>'userId')::int) (payload->>'userId')::int,
               payload->>'level'
        from raw.sparkify_events where payload->>'userId' <> ''
        order by (payload->>'userId')::int, (payload->>'ts')::bigint desc""",
        )
    )
    assert dict(query(conn, "select user_id, level from sparkify.users")) == latest


def test_dimensions_match_their_sources(built):
    conn = built.conn
    assert query(conn, "select count(*) from sparkify.songs")[0][0] == SPEC.songs
    assert (
        query(conn, "select count(*) from sparkify.time")[0][0]
        == query(conn, "select count(distinct start_time) from sparkify.songplays")[0][0]
    )
    assert query(conn, "select count(*) from sparkify.songs where year = 0")[0][0] == 0
