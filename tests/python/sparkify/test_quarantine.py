"""One bad record never stops the warehouse: valid JSON with a value of the wrong type or
out of range lands in raw, is quarantined by staging, named by a warning, and left out
of the marts; the rest builds. Fixing the file brings the record in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import query
from tests.python.sparkify.warehouse import Pipeline, pipeline_on

SPEC = SparkifySpec(songs=30, users=10, days=2, events=600, seed=9, match_share=0.5)
GOOD = {
    "ts": 1541105830796, "sessionId": 77777, "itemInSession": 0, "page": "NextSong",
    "level": "free", "userId": "5", "song": "x", "artist": "y", "length": 1.5,
}  # fmt: skip
BAD = [
    {"ts": "abc"},
    {"ts": 1e300},
    {"sessionId": 1.5},
    {"length": "long"},
    {"status": True},
    {"level": "gold"},
    {"itemInSession": None},
]


@dataclass(frozen=True)
class Landed:
    """The sample data and a file of bad records, landed (not yet built)."""

    pipeline: Pipeline
    bad_file: Path


@pytest.fixture(scope="module")
def landed(module_db, tmp_path_factory) -> Iterator[Landed]:
    root = tmp_path_factory.mktemp("quarantine")
    generate_sparkify(root / "data", SPEC)
    bad_file = root / "data" / "log_data" / "bad.json"
    bad_file.write_text(
        "".join(json.dumps({**GOOD, "itemInSession": i, **bad}) + "\n" for i, bad in enumerate(BAD))
    )
    with pipeline_on(module_db, root / "data", root) as pipeline:
        pipeline.load()
        yield Landed(pipeline, bad_file)


def test_bad_values_are_quarantined_named_and_the_rest_builds(landed):
    results = landed.pipeline.build_with_tests()
    warned = {str(r.node.name): r for r in results if str(r.status) == "warn"}
    assert "assert_no_records_quarantined" in warned
    assert warned["assert_no_records_quarantined"].failures == len(BAD)
    reasons = dict(
        query(
            landed.pipeline.conn,
            "select line_number, quarantine_reason from analytics.int_records_quarantined "
            "where source_file = 'log_data/bad.json'",
        )
    )
    assert reasons == {
        1: 'ts: expected epoch milliseconds, found "abc"',
        2: "ts: expected epoch milliseconds, found 1" + "0" * 59,
        3: "sessionId: expected an integer, found 1.5",
        4: 'length: expected a number, found "long"',
        5: "status: expected an integer, found true",
        6: "level: expected free or paid, found gold",
        7: "itemInSession: missing",
    }
    assert query(
        landed.pipeline.conn, "select count(*) from sparkify.songplays where session_id = 77777"
    ) == [(0,)]


def test_fixing_the_file_brings_the_records_in(landed):
    landed.bad_file.write_text(
        "".join(json.dumps({**GOOD, "itemInSession": i}) + "\n" for i in range(len(BAD)))
    )
    landed.pipeline.load()
    landed.pipeline.dbt()
    assert query(
        landed.pipeline.conn, "select count(*) from analytics.int_records_quarantined"
    ) == [(0,)]
    assert query(
        landed.pipeline.conn, "select count(*) from sparkify.songplays where session_id = 77777"
    ) == [(len(BAD),)]
    landed.pipeline.assert_incremental_equals_full_refresh()
