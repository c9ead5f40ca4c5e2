"""One small, fully built project shared by the analyst-experience checks and the
report's (the `built_project` fixture in conftest.py): its own database, and a shadow
project directory whose target/ holds the dbt artifacts, so
that `mf` (which always reads <project>/target/semantic_manifest.json) and the docs
site never touch the working tree's target/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loader.common.settings import PROJECT_ROOT, ConnectionSettings
from loader.dbt_runner import run_dbt
from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from tests.python.helpers import database_environment, fresh_database

PROJECT_ENTRIES = (
    "dbt_project.yml",
    "models",
    "macros",
    "seeds",
    "snapshots",
    "analyses",
    "tests",
)
SCREENSHOTS = PROJECT_ROOT / "target" / "screenshots"


@dataclass(frozen=True)
class BuiltProject:
    settings: ConnectionSettings
    project_dir: Path  # symlinks to the real project, with its own target/

    @property
    def target(self) -> Path:
        return self.project_dir / "target"

    def env(self) -> dict[str, str]:
        """Environment for dbt or mf subprocesses against this build."""
        return {
            **os.environ,
            "PGDATABASE": self.settings.dbname,
            "DBT_PROJECT_DIR": str(self.project_dir),
            "DBT_PROFILES_DIR": str(PROJECT_ROOT),
            "DBT_LOG_PATH": str(self.project_dir / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
        }


@contextmanager
def build_project(server_settings: ConnectionSettings, root: Path) -> Iterator[BuiltProject]:
    """Generate and land both halves into a fresh database, `dbt build` and `dbt docs
    generate` in a shadow project under `root`; the database is dropped at the end."""
    project = root / "project"
    project.mkdir()
    for entry in PROJECT_ENTRIES:
        (project / entry).symlink_to(PROJECT_ROOT / entry)
    with fresh_database(server_settings, "analyst") as settings:
        spec = SparkifySpec(songs=60, users=20, days=7, events=3000)
        generate_sparkify(root / "sparkify", spec)
        generate_music_store(
            root / "store", customers=25, tracks=200, invoices=100, listens=1500, seed=7
        )
        assert load_sparkify(root / "sparkify", settings).exit_code == 0
        assert load_music_store(root / "store", settings).exit_code == 0
        paths = ["--target-path", str(project / "target"), "--log-path", str(project / "logs")]
        with database_environment(settings):
            build = run_dbt(["build", *paths])
            assert build.success, build.error
            docs = run_dbt(["docs", "generate", *paths])
            assert docs.success, docs.error
        yield BuiltProject(settings, project)
