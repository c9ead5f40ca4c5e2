"""Small helpers shared by the pytest suites."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from loader.settings import ConnectionSettings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cli(settings: ConnectionSettings, *args: str) -> subprocess.CompletedProcess:
    """Run the `sparkify` CLI as a user would, against the given database."""
    env = {**os.environ, "PGDATABASE": settings.dbname}
    if not settings.embedded:
        env.update(PGHOST=settings.host, PGPORT=str(settings.port), PGUSER=settings.user)
        if settings.password:
            env["PGPASSWORD"] = settings.password
    return subprocess.run(
        [sys.executable, "-m", "loader.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def query(conn, statement: str, params=None) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall()
