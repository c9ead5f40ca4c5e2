"""The same dataset built on PostgreSQL and on Spark gives the same marts, row by row.

One generated Sparkify dataset, with what real feeds hold besides clean lines: a second
copy of events in another file, a late event, a record with a wrong type (quarantined on
both), a line that is not JSON (rejected on both), logged-out events; and one generated
music store. Each engine lands it with its own loader and builds every model with
`dbt build`; then every table of the `sparkify` and `music_store` schemas is compared:
the same tables, the same columns, the same rows.
"""

from __future__ import annotations

import json

import pytest

from loader.common.connection import connect
from loader.common.load_report import EXIT_REJECTS
from loader.dbt_runner import run_dbt
from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from tests.python.helpers import database_environment
from tests.python.spark.warehouse import in_column_order, pg_marts
from tests.python.sparkify.warehouse import day_files, lines, write_lines

SPEC = SparkifySpec(songs=80, users=20, days=3, events=2500, seed=11, match_share=0.5)
SCHEMAS = ("sparkify", "music_store")


def _add_what_real_feeds_hold(data) -> None:
    first_day = day_files(data)[0]
    events = lines(first_day)
    play = next(event for event in events if event["page"] == "NextSong")
    late = dict(play, sessionId=play["sessionId"] + 50_000, itemInSession=0, level="paid")
    copy = dict(play, location="Copied, ZZ")  # the same event again, in another file
    wrong = dict(play, sessionId="not a number", itemInSession=1)
    extra = first_day.with_name("0000-extra-events.json")
    write_lines(extra, [late, copy, wrong])
    with extra.open("a") as handle:
        handle.write("this line is not JSON\n")
        handle.write(json.dumps(dict(play, userId="", itemInSession=2, page="Home")) + "\n")


@pytest.fixture(scope="module")
def both_engines(module_db, spark, tmp_path_factory):
    root = tmp_path_factory.mktemp("equality")
    data, store = root / "sparkify", root / "store"
    generate_sparkify(data, SPEC)
    _add_what_real_feeds_hold(data)
    generate_music_store(store, invoices=300, listens=3000, seed=5)

    assert load_sparkify(data, module_db, workers=1).exit_code == EXIT_REJECTS
    assert load_music_store(store, module_db).exit_code == 0
    paths = ["--target-path", str(root / "target"), "--log-path", str(root / "logs")]
    with database_environment(module_db):
        outcome = run_dbt(["build", *paths])
    assert outcome.success, [r.message for r in outcome.results if r.status == "error"]
    conn = connect(module_db)
    postgres = {schema: pg_marts(conn, schema) for schema in SCHEMAS}
    conn.close()

    assert spark.load(data).exit_code == EXIT_REJECTS
    assert spark.load_store(store).exit_code == 0
    spark.dbt()
    on_spark = {schema: spark.marts(schema) for schema in SCHEMAS}
    return postgres, on_spark


@pytest.mark.parametrize("schema", SCHEMAS)
def test_same_tables_columns_and_rows(both_engines, schema):
    postgres, on_spark = both_engines
    assert sorted(on_spark[schema]) == sorted(postgres[schema])
    for table, (columns, rows) in postgres[schema].items():
        spark_table = on_spark[schema][table]
        assert sorted(spark_table[0]) == sorted(columns), f"{schema}.{table}: columns differ"
        assert rows, f"{schema}.{table} is empty: nothing compared"
        spark_rows = in_column_order(spark_table, columns)
        print(f"{schema}.{table}: {len(rows)} rows on PostgreSQL, {len(spark_rows)} on Spark")
        differing = [row for row in rows if row not in spark_rows]
        assert spark_rows == rows, (
            f"{schema}.{table}: {len(differing)} rows differ, e.g. {differing[:2]}"
        )


def test_the_awkward_records_are_in_what_is_compared(both_engines):
    """The comparison covers the cases that differ most between engines."""
    for marts in both_engines:
        columns, plays = marts["sparkify"]["songplays"]
        column = {name: columns.index(name) for name in columns}
        # The copy in the file that sorts first wins over the original.
        assert any(row[column["location"]] == "Copied, ZZ" for row in plays)
        # The late event is a play of its own.
        assert any(row[column["session_id"]] > 50_000 for row in plays)
        # Some plays match a song, some do not.
        assert {row[column["song_id"]] is None for row in plays} == {True, False}
        # Users changed level, so the SCD2 history has closed rows.
        level_columns, levels = marts["sparkify"]["user_levels"]
        assert any(row[level_columns.index("valid_to")] is not None for row in levels)
