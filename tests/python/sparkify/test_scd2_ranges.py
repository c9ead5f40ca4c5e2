"""The scd2_ranges test on `user_levels` passes on the built history and fails, naming the
user, on each way a type-2 history can go wrong: an overlap, a gap, no current row, and a
row that calls itself current while closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from loader.dbt_runner import run_dbt
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.sparkify.warehouse import NO_TESTS, Pipeline, pipeline_on

SPEC = SparkifySpec(songs=20, users=6, days=2, events=400, seed=12)
TABLE = "sparkify.user_levels"
# A user's first row, which every user has.
FIRST = (
    f"(select user_id, min(valid_from) as valid_from from {TABLE} "
    "where user_id = (select min(user_id) from sparkify.users) group by 1)"
)
BREAKAGES = {
    "a row overlapping the next": (
        f"insert into {TABLE} select 'overlap', user_id, 'free', false, "
        f"valid_from - interval '1 day', valid_from + interval '1 hour' from {FIRST} as f"
    ),
    "a gap before the next row": (
        f"insert into {TABLE} select 'gap', user_id, 'free', false, "
        f"valid_from - interval '1 day', valid_from - interval '1 hour' from {FIRST} as f"
    ),
    "no current row": (
        f"update {TABLE} set valid_to = valid_from + interval '1 second', is_current = false "
        "where is_current and user_id = (select min(user_id) from sparkify.users)"
    ),
    # A closed row that ends exactly where the first begins (no gap, no overlap), made
    # here so the case runs whatever the data holds.
    "current but closed": (
        f"insert into {TABLE} select 'closed', user_id, 'free', true, "
        f"valid_from - interval '1 day', valid_from from {FIRST} as f"
    ),
}


@pytest.fixture(scope="module")
def pipeline(module_db, tmp_path_factory) -> Iterator[Pipeline]:
    """The sample data landed and built once."""
    root = tmp_path_factory.mktemp("scd2")
    generate_sparkify(root / "data", SPEC)
    with pipeline_on(module_db, root / "data", root) as pipeline:
        pipeline.load()
        pipeline.dbt()
        yield pipeline


def _scd2_failures(pipeline) -> int:
    outcome = run_dbt(
        ["test", "--select", "dim_user_levels,test_name:scd2_ranges", *pipeline.paths]
    )
    (result,) = [r for r in outcome.results if r.node.name.startswith("scd2_ranges")]
    return int(result.failures or 0)


def test_the_built_history_is_well_formed(pipeline):
    assert _scd2_failures(pipeline) == 0


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_each_broken_history_fails_the_test(pipeline, breakage):
    conn = pipeline.conn
    conn.autocommit = False
    try:
        with conn.cursor() as cur:
            cur.execute(BREAKAGES[breakage])
            assert cur.rowcount >= 1
        conn.commit()
        assert _scd2_failures(pipeline) >= 1
    finally:
        conn.rollback()
        conn.autocommit = True
        rebuilt = run_dbt(
            ["build", "--select", "dim_user_levels", "--full-refresh", *NO_TESTS, *pipeline.paths]
        )
        assert rebuilt.success
