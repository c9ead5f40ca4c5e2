"""A Sparkify warehouse under test: land a data directory, build the Sparkify models,
read the marts back, and compare an incremental build with a full refresh."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loader.common.connection import connect
from loader.dbt_runner import run_dbt
from loader.sparkify.load import load_sparkify
from tests.python.helpers import database_environment, query

SELECT = ["--selector", "sparkify"]
NO_TESTS = ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]


def day_files(data: Path) -> list[Path]:
    return sorted((data / "log_data").rglob("*.json"))


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def write_lines(path: Path, events: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(event) + "\n" for event in events))


def hold_back_last_day(data: Path, held_back: Path) -> tuple[Path, Path]:
    """Move the last generated day out of the data directory, for a test to land later:
    (where it was, where it is now)."""
    last_day = day_files(data)[-1]
    held_back.mkdir()
    shutil.move(last_day, held_back / last_day.name)
    return last_day, held_back / last_day.name


@contextmanager
def pipeline_on(settings, data: Path, work: Path) -> Iterator[Pipeline]:
    """A Pipeline on this database, with dbt pointed at it (PGDATABASE) until the end."""
    with database_environment(settings):
        conn = connect(settings)
        conn.autocommit = True
        try:
            yield Pipeline(settings, data, work, conn)
        finally:
            conn.close()


class Pipeline:
    """Load DATA_DIR and build the Sparkify models, in one database."""

    def __init__(self, settings, data: Path, work: Path, conn) -> None:
        self.settings, self.data, self.conn = settings, data, conn
        self.paths = ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]

    def load(self) -> None:
        assert load_sparkify(self.data, self.settings, workers=1).exit_code == 0

    def dbt(self, *extra: str) -> None:
        outcome = run_dbt(["build", *SELECT, *NO_TESTS, *extra, *self.paths])
        assert outcome.success, outcome.error or [
            f"{r.node.unique_id}: {r.message}" for r in outcome.results if r.message
        ]

    def build_with_tests(self):
        """`dbt build` of the Sparkify half, tests included; fails unless it succeeds."""
        outcome = run_dbt(["build", *SELECT, *self.paths])
        assert outcome.success, outcome.error or [
            f"{r.node.unique_id}: {r.message}" for r in outcome.results if r.message
        ]
        return outcome.results

    def marts(self) -> dict[str, list[tuple]]:
        tables = [
            name
            for (name,) in query(
                self.conn,
                "select table_name from information_schema.tables "
                "where table_schema = 'sparkify' and table_type = 'BASE TABLE' order by 1",
            )
        ]
        return {
            table: query(self.conn, f'select t::text from sparkify."{table}" as t order by 1')
            for table in tables
        }

    def foreign_keys(self) -> list[tuple]:
        return query(
            self.conn,
            "select conrelid::regclass::text, pg_get_constraintdef(oid) from pg_constraint "
            "where contype = 'f' and connamespace = 'sparkify'::regnamespace order by 1, 2",
        )

    def assert_incremental_equals_full_refresh(self) -> dict[str, list[tuple]]:
        self.load()
        self.dbt()
        incremental, keys = self.marts(), self.foreign_keys()
        self.dbt("--full-refresh")
        full = self.marts()
        assert set(incremental) == set(full)
        for table in full:
            assert incremental[table] == full[table], f"sparkify.{table} differs"
        assert keys == self.foreign_keys(), "foreign keys differ"
        return full
