"""The row-count guard (macros/generic/test_not_empty_when.sql): a mart left empty while
what it is built from has rows fails `dbt test`, so a silent empty build cannot pass."""

from __future__ import annotations

from loader.common.connection import connect
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from tests.python.helpers import PROJECT_ROOT, execute, fresh_database
from tests.python.quality.conftest import failures, invoke_dbt

SPEC = SparkifySpec(songs=20, users=6, days=1, events=300, seed=11)


def _guard_statuses(result) -> dict[str, str]:
    return {
        r.node.name: str(r.status)
        for r in result.result.results
        if r.node.name.startswith("not_empty_when_")
    }


def test_an_empty_mart_over_rows_fails_and_a_built_one_passes(server_settings, tmp_path):
    data = tmp_path / "sparkify"
    generate_sparkify(data, SPEC)
    paths = ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
    with fresh_database(server_settings, "guard") as settings:
        assert load_sparkify(data, settings, workers=1).exit_code == 0
        built = invoke_dbt(PROJECT_ROOT, settings, "build", "--selector", "sparkify", *paths)
        assert built.success, failures(built)
        passed = _guard_statuses(built)
        assert len(passed) >= 7 and set(passed.values()) == {"pass"}, passed

        conn = connect(settings)
        conn.autocommit = True
        try:
            execute(conn, "delete from sparkify.fct_sessions")
        finally:
            conn.close()
        tested = invoke_dbt(
            PROJECT_ROOT,
            settings,
            "test",
            "--select",
            "fct_sessions,test_name:not_empty_when",
            *paths,
        )

    assert not tested.success
    assert _guard_statuses(tested) == {"not_empty_when_fct_sessions_ref_fct_songplays_": "fail"}
