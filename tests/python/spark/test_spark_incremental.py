"""On Spark, an incremental build gives exactly the rows of a full refresh, through the
same changes as tests/python/sparkify/test_incremental.py on PostgreSQL: a new day with a
late event and a duplicate copy that takes over, a log file replaced with lines removed,
and a song file changed so that it matches older plays. Spark's incremental step is
stg_sparkify__events (a partition per file, overwritten when its file lands again)."""

from __future__ import annotations

import json
import shutil

import pytest

from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.sparkify.warehouse import day_files, hold_back_last_day, lines, write_lines

SPEC = SparkifySpec(songs=60, users=15, days=4, events=2000, seed=7, match_share=0.5)
SPARKIFY = ["--selector", "sparkify", "--exclude-resource-type", "test"]


class SparkPipeline:
    def __init__(self, spark, data) -> None:
        self.spark, self.data = spark, data

    def build(self, *extra: str) -> None:
        assert self.spark.load(self.data).exit_code == 0
        self.spark.dbt(*SPARKIFY, *extra)

    def marts(self):
        return self.spark.marts("sparkify")

    def staged_files(self) -> int:
        """Files whose lines the staging table holds."""
        return self.spark.query(
            "select count(distinct source_file) from staging.stg_sparkify__events"
        )[0][0]

    def assert_incremental_equals_full_refresh(self):
        self.build()
        incremental = self.marts()
        self.spark.dbt(*SPARKIFY, "--full-refresh")
        full = self.marts()
        assert set(incremental) == set(full)
        for table in full:
            assert incremental[table] == full[table], f"sparkify.{table} differs"
        return full


@pytest.fixture(scope="module")
def pipeline(spark, tmp_path_factory):
    root = tmp_path_factory.mktemp("spark_incremental")
    data, held_back = root / "data", root / "held_back"
    generate_sparkify(data, SPEC)
    last_day, held = hold_back_last_day(data, held_back)
    built = SparkPipeline(spark, data)
    built.build("--full-refresh")
    return built, last_day, held


def _column(marts, table, name):
    columns, rows = marts[table]
    return [row[columns.index(name)] for row in rows]


def test_new_day_with_a_late_event_and_a_winning_duplicate(pipeline):
    built, last_day, held = pipeline
    before = built.marts()["songplays"][1]
    shutil.move(held, last_day)
    first_day = day_files(built.data)[0]
    old = next(event for event in lines(first_day) if event["page"] == "NextSong")
    late = dict(old, sessionId=old["sessionId"] + 100_000, itemInSession=0, level="paid")
    winning_copy = dict(old, location="Late Copy, ZZ", level="paid")
    write_lines(first_day.with_name("2000-01-01-late.json"), [late, winning_copy])

    full = built.assert_incremental_equals_full_refresh()

    assert len(full["songplays"][1]) > len(before)
    assert "Late Copy, ZZ" in _column(full, "songplays", "location")


def test_replaced_log_file_with_lines_removed(pipeline):
    built, _, _ = pipeline
    day = [path for path in day_files(built.data) if path.name.endswith("-events.json")][1]
    events = lines(day)
    write_lines(day, [event for i, event in enumerate(events) if i % 3 != 0])
    before = len(built.marts()["songplays"][1])

    full = built.assert_incremental_equals_full_refresh()

    removed = sum(1 for i, e in enumerate(events) if i % 3 == 0 and e["page"] == "NextSong")
    assert removed > 0
    assert len(full["songplays"][1]) == before - removed


def test_changed_song_file_matches_older_plays(pipeline):
    built, _, _ = pipeline
    unmatched = built.spark.query(
        """select events.song_title, events.artist_name, events.song_length_seconds
        from staging.stg_sparkify__events as events
        join sparkify.songplays as plays on plays.songplay_id = events.event_id
        where plays.song_id is null and events.song_title is not null
        order by plays.start_time
        limit 1"""
    )
    title, artist, length = unmatched[0]
    song_file = sorted((built.data / "song_data").rglob("*.json"))[0]
    song = json.loads(song_file.read_text())
    song.update(title=title, artist_name=artist, duration=float(length))
    song_file.write_text(json.dumps(song))

    full = built.assert_incremental_equals_full_refresh()

    assert song["song_id"] in _column(full, "songplays", "song_id")
    assert len(full["songs"][1]) == SPEC.songs


def test_a_run_with_nothing_new_parses_nothing_again(pipeline):
    built, _, _ = pipeline
    files = built.staged_files()
    results = built.spark.dbt("--select", "stg_sparkify__events", command="run")
    assert [r.node.name for r in results if r.node.resource_type == "model"] == [
        "stg_sparkify__events"
    ]
    ((since, until, rebuild),) = built.spark.query(
        "select claim_since, claim_until, claim_rebuild from analytics.incremental_state "
        "where model = 'model.sparkify_warehouse.stg_sparkify__events'"
    )
    assert (since, rebuild) == (until, False)  # an empty batch, not a rebuild
    assert built.staged_files() == files
