"""Small helpers shared by the pytest suites."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from psycopg2 import sql

from loader.common.connection import connect
from loader.common.settings import ConnectionSettings

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


@contextmanager
def fresh_database(server: ConnectionSettings, prefix: str) -> Iterator[ConnectionSettings]:
    """A new database on the server, dropped (with force) afterwards."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = connect(server)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        yield replace(server, dbname=name)
    finally:
        with admin.cursor() as cur:
            cur.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )
        admin.close()
