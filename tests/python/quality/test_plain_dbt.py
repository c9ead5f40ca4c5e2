"""Plain dbt works on any warehouse state: nothing landed, one half, or the other.

After `sparkify db init` (or any load) every raw table exists, so `dbt build`,
`dbt seed && dbt run && dbt test` (no snapshot taken), `dbt source freshness` and
`dbt docs generate` all succeed on a fresh database, and empty sources give empty marts.
"""

from __future__ import annotations

import pytest

from loader.common.connection import connect
from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from tests.python.helpers import PROJECT_ROOT, cli, execute, fresh_database, query
from tests.python.quality.conftest import failures, invoke_dbt

SEQUENCES = (
    (("build",),),
    (("seed",), ("run",), ("test",)),
    (("source", "freshness"),),
    (("docs", "generate"),),
)


def _land(state: str, settings, root) -> None:
    if state == "nothing":
        assert cli(settings, "db", "init").returncode == 0
    if state == "sparkify only":
        generate_sparkify(root / "sparkify", SparkifySpec(songs=20, users=8, days=2, events=400))
        assert load_sparkify(root / "sparkify", settings, workers=1).exit_code == 0
    if state == "store only":
        generate_music_store(root / "store", customers=8, tracks=40, invoices=20, listens=100)
        assert load_music_store(root / "store", settings).exit_code == 0


@pytest.mark.parametrize("state", ["nothing", "sparkify only", "store only"])
def test_plain_dbt_succeeds_whatever_has_landed(server_settings, tmp_path, state):
    with fresh_database(server_settings, "plain") as settings:
        _land(state, settings, tmp_path)
        target = ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
        for sequence in SEQUENCES:
            for command in sequence:
                result = invoke_dbt(PROJECT_ROOT, settings, *command, *target)
                assert result.success, (state, command, failures(result) or result.exception)

        conn = connect(settings)
        conn.autocommit = True
        songplays = query(conn, "select count(*) from sparkify.songplays")[0][0]
        invoices = query(conn, "select count(*) from music_store.fct_invoices")[0][0]
        conn.close()
        assert (songplays > 0) == (state == "sparkify only")
        assert (invoices > 0) == (state == "store only")


def test_freshness_still_warns_and_errors_on_stale_data(server_settings, tmp_path):
    with fresh_database(server_settings, "fresh") as settings:
        _land("sparkify only", settings, tmp_path)
        conn = connect(settings)
        conn.autocommit = True
        target = ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
        select = ["--select", "source:sparkify.sparkify_events"]

        execute(conn, "update raw.sparkify_events set loaded_at = now() - interval '10 days'")
        warned = invoke_dbt(PROJECT_ROOT, settings, "source", "freshness", *select, *target)
        assert _statuses(warned) == ["warn"]

        execute(conn, "update raw.sparkify_events set loaded_at = now() - interval '40 days'")
        stale = invoke_dbt(PROJECT_ROOT, settings, "source", "freshness", *select, *target)
        assert not stale.success
        assert _statuses(stale) == ["error"]
        conn.close()


def _statuses(result) -> list[str]:
    return [str(r.status) for r in result.result.results if str(r.node.resource_type) == "source"]
