"""Incremental Sparkify builds give exactly the rows of a full refresh.

One small dataset, landed and built once; then, step by step, what happens to real
log and song directories: a new day with a late event (an old ts) and a duplicate copy
that takes over, a log file replaced with lines removed, and a song file changed so
that it matches older plays. After each step, `sparkify load` and an incremental
`dbt run`; every table in the `sparkify` schema is read row by row, then a
`--full-refresh` of the same models must give the very same rows.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import query
from tests.python.sparkify.warehouse import (
    Pipeline,
    day_files,
    hold_back_last_day,
    lines,
    pipeline_on,
    write_lines,
)

SPEC = SparkifySpec(songs=60, users=15, days=4, events=2500, seed=7, match_share=0.5)


@dataclass(frozen=True)
class HeldBack:
    """The generated data, with its last day moved aside to land later."""

    data: Path
    last_day: Path  # where that day belongs in the data directory
    held: Path  # where it waits meanwhile


@pytest.fixture(scope="module")
def held_back(tmp_path_factory) -> HeldBack:
    root = tmp_path_factory.mktemp("incremental")
    generate_sparkify(root / "data", SPEC)
    last_day, held = hold_back_last_day(root / "data", root / "held_back")
    return HeldBack(root / "data", last_day, held)


@pytest.fixture(scope="module")
def pipeline(module_db, held_back: HeldBack) -> Iterator[Pipeline]:
    """The data without its last day, landed and built once."""
    with pipeline_on(module_db, held_back.data, held_back.data.parent) as pipeline:
        pipeline.load()
        pipeline.dbt("--full-refresh")
        yield pipeline


def _song_play(events: list[dict]) -> dict:
    return next(event for event in events if event["page"] == "NextSong")


def test_new_day_with_a_late_event_and_a_winning_duplicate(pipeline, held_back):
    before = pipeline.marts()["songplays"]
    shutil.move(held_back.held, held_back.last_day)
    first_day = day_files(pipeline.data)[0]
    old = _song_play(lines(first_day))
    late = dict(old, sessionId=old["sessionId"] + 100_000, itemInSession=0, level="paid")
    # Same event as `old`, in a file that sorts before its own: this copy must win.
    winning_copy = dict(old, location="Late Copy, ZZ", level="paid")
    write_lines(first_day.with_name("2000-01-01-late.json"), [late, winning_copy])

    full = pipeline.assert_incremental_equals_full_refresh()

    assert len(full["songplays"]) > len(before)
    assert any("Late Copy, ZZ" in row for (row,) in full["songplays"])


def test_replaced_log_file_with_lines_removed(pipeline):
    day = [path for path in day_files(pipeline.data) if path.name.endswith("-events.json")][1]
    events = lines(day)
    kept = [event for i, event in enumerate(events) if i % 3 != 0]
    write_lines(day, kept)
    before = len(pipeline.marts()["songplays"])

    full = pipeline.assert_incremental_equals_full_refresh()

    removed_plays = sum(1 for i, e in enumerate(events) if i % 3 == 0 and e["page"] == "NextSong")
    assert removed_plays > 0
    assert len(full["songplays"]) == before - removed_plays


def test_changed_song_file_matches_older_plays(pipeline):
    title, artist, length = query(
        pipeline.conn,
        """
        select events.payload->>'song', events.payload->>'artist',
            (events.payload->>'length')::numeric
        from raw.sparkify_events as events
        join sparkify.songplays as plays on plays.songplay_id = md5(
            coalesce(events.payload->>'sessionId', '_null_') || '-'
            || coalesce(events.payload->>'itemInSession', '_null_') || '-'
            || coalesce(events.payload->>'ts', '_null_') || '-'
            || coalesce(nullif(events.payload->>'userId', ''), '_null_'))
        where plays.song_id is null and events.payload->>'song' is not null
        order by plays.start_time
        limit 1""",
    )[0]
    song_file = sorted((pipeline.data / "song_data").rglob("*.json"))[0]
    song = json.loads(song_file.read_text())
    song.update(title=title, artist_name=artist, duration=float(length))
    song_file.write_text(json.dumps(song))

    full = pipeline.assert_incremental_equals_full_refresh()

    matched = query(
        pipeline.conn,
        "select count(*) from sparkify.songplays where song_id = %s",
        (song["song_id"],),
    )[0][0]
    assert matched >= 1
    assert len(full["songs"]) == SPEC.songs
