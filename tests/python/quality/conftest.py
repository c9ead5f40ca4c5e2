"""Fixtures for the quality-gate tests: a database of their own with the music store in raw,
and dbt invoked in-process (one start-up for the session) on any project directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loader.common.connection import connect
from loader.common.settings import ConnectionSettings
from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from tests.python.helpers import database_environment, fresh_database, query


@pytest.fixture(scope="session")
def store_db(
    server_settings: ConnectionSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConnectionSettings]:
    """A fresh database, dropped afterwards, holding a small music store in raw."""
    with fresh_database(server_settings, "quality") as settings:
        csv_dir = tmp_path_factory.mktemp("store_csv")
        generate_music_store(csv_dir, customers=12, tracks=80, invoices=40, listens=300, seed=6)
        assert load_music_store(csv_dir, settings).exit_code == 0
        # The loader writes only raw: before dbt runs, no other schema holds a relation.
        conn = connect(settings)
        try:
            schemas = query(
                conn,
                "select distinct n.nspname from pg_class as c"
                " inner join pg_namespace as n on c.relnamespace = n.oid"
                " where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')",
            )
        finally:
            conn.close()
        assert {row[0] for row in schemas} == {"raw"}
        yield settings


def invoke_dbt(project_dir: Path, settings: ConnectionSettings, *args: str):
    """dbt through its Python API on `project_dir` (its profiles.yml), against `settings`."""
    from dbt.cli.main import dbtRunner

    with database_environment(settings, DBT_SEND_ANONYMOUS_USAGE_STATS="false"):
        full = [*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
        return dbtRunner().invoke(full)


def failures(result) -> list[str]:
    """The nodes of a dbt result that did not succeed, for assertion messages."""
    return [
        f"{r.node.unique_id}: {r.status} {r.message}"
        for r in getattr(result.result, "results", None) or []
        if str(r.status) not in ("success", "pass")
    ]
