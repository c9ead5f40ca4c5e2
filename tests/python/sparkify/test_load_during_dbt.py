"""Loads and dbt runs overlap freely: a file committed while dbt runs is consumed by that
run or the next, never by neither, and the marts end equal to a full refresh.

The first test holds a landing open across a whole dbt run, the interleaving that lost
files when landings were stamped with their start time. The second lands new files
again and again while `dbt build` (tests included) runs, several rounds.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from loader.common.bookkeeping import SourceFile
from loader.common.parallel import _open_worker_connection, worker_connection
from loader.dbt_runner import run_dbt
from loader.sparkify.batches import Batch, load_batch
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.readers import iter_json_lines
from tests.python.helpers import query
from tests.python.sparkify.warehouse import SELECT, Pipeline, day_files, lines, pipeline_on

SPEC = SparkifySpec(songs=60, users=20, days=8, events=4000, seed=3, match_share=0.5)
ROUNDS = 3


@dataclass(frozen=True)
class Overlap:
    """A built warehouse with no log files landed yet, and the days to land into it."""

    pipeline: Pipeline
    days: list[Path]


@pytest.fixture(scope="module")
def overlap(module_db, tmp_path_factory) -> Iterator[Overlap]:
    root = tmp_path_factory.mktemp("overlap")
    generate_sparkify(root / "all", SPEC)
    data = root / "data"
    (data / "log_data").mkdir(parents=True)
    (root / "all" / "song_data").rename(data / "song_data")
    days = day_files(root / "all")
    with pipeline_on(module_db, data, root) as pipeline:
        pipeline.load()
        pipeline.dbt("--full-refresh")
        yield Overlap(pipeline, days)


def _songplays(pipeline) -> int:
    return query(pipeline.conn, "select count(*) from sparkify.songplays")[0][0]


def _plays_in(path: Path) -> int:
    return len(
        {
            (e["sessionId"], e["itemInSession"], e["ts"])
            for e in lines(path)
            if e["page"] == "NextSong"
        }
    )


def test_a_landing_open_across_a_dbt_run_is_consumed_by_the_next(overlap):
    pipeline = overlap.pipeline
    day = overlap.days[0]
    target = pipeline.data / "log_data" / day.name
    target.write_bytes(day.read_bytes())
    half_sent, release = threading.Event(), threading.Event()

    def read_then_wait(source_file, thorough):
        for number, record in enumerate(iter_json_lines(source_file.path, thorough)):
            if number == 100:
                half_sent.set()
                release.wait(120)  # the landing's transaction stays open meanwhile
            yield record

    stat = target.stat()
    name = f"log_data/{day.name}"
    batch = Batch(
        "sparkify_events",
        "sparkify_events",
        (SourceFile(name, target, stat.st_size, stat.st_mtime_ns, "held"),),
        read_then_wait,
    )
    landing = threading.Thread(target=_land, args=(pipeline.settings, batch))
    landing.start()
    assert half_sent.wait(60)
    before = _songplays(pipeline)
    pipeline.dbt()  # runs while the landing is open: it must not claim what it cannot see
    assert _songplays(pipeline) == before
    release.set()
    landing.join(60)
    assert query(
        pipeline.conn, "select count(*) from raw.load_manifest where source_file = %s", (name,)
    ) == [(1,)]

    pipeline.dbt()  # the next run consumes it
    assert _songplays(pipeline) == before + _plays_in(day)
    pipeline.assert_incremental_equals_full_refresh()


def _land(settings, batch) -> None:
    _open_worker_connection(settings)
    try:
        load_batch(batch)
    finally:
        worker_connection().close()


def test_files_landing_during_dbt_builds_are_all_consumed(overlap):
    pipeline = overlap.pipeline
    pending = [
        day for day in overlap.days[1:] if not (pipeline.data / "log_data" / day.name).exists()
    ]
    rng = random.Random(17)
    failures: list[str] = []
    for round_number in range(ROUNDS):
        todo = pending[round_number::ROUNDS]
        build = threading.Thread(target=_build_with_tests, args=(pipeline, failures))
        build.start()
        for day in todo:  # land while dbt builds
            threading.Event().wait(rng.uniform(0.2, 1.2))
            (pipeline.data / "log_data" / day.name).write_bytes(day.read_bytes())
            pipeline.load()
        build.join(300)
        assert not failures, failures  # every test of every build passed, reconciliation too

    pipeline.dbt()
    expected = query(
        pipeline.conn,
        "select count(distinct event_id) from staging.stg_sparkify__events where is_song_play",
    )[0][0]
    assert _songplays(pipeline) == expected
    assert json.dumps(pipeline.assert_incremental_equals_full_refresh(), default=str)


def _build_with_tests(pipeline, failures: list[str]) -> None:
    outcome = run_dbt(["build", *SELECT, *pipeline.paths])
    if not outcome.success:
        failures += [
            f"{r.node.unique_id}: {r.status} {r.message}"
            for r in outcome.results or []
            if str(r.status) not in ("success", "pass", "warn")
        ] or [repr(outcome.error)]
