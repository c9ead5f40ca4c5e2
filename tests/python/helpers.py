"""Small helpers shared by the pytest suites."""

from __future__ import annotations

import os
import signal
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


def cli(settings: ConnectionSettings, *args: str, **extra: str) -> subprocess.CompletedProcess:
    """Run the `sparkify` CLI as a user would, against the given database."""
    return subprocess.run(
        [sys.executable, "-m", "loader.cli", *args],
        cwd=PROJECT_ROOT,
        env=cli_env(settings, **extra),
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


def database_variables(settings: ConnectionSettings) -> dict[str, str]:
    """The libpq variables (PGDATABASE and, on another server, PGHOST and friends) that
    point the loader and dbt at this database."""
    variables = {"PGDATABASE": settings.dbname}
    if not settings.embedded:
        variables.update(PGHOST=settings.host, PGPORT=str(settings.port), PGUSER=settings.user)
        if settings.password:
            variables["PGPASSWORD"] = settings.password
    return variables


def cli_env(settings: ConnectionSettings, **extra: str) -> dict[str, str]:
    """The environment in which the `sparkify` CLI reaches this database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(database_variables(settings), **extra)
    return env


@contextmanager
def environment(**variables: str | None) -> Iterator[None]:
    """This process's environment with `variables` set (None unsets one) until the end;
    afterwards every one of them is as it was, whatever happened inside."""
    before = {name: os.environ.get(name) for name in variables}
    try:
        _put_environment(variables)
        yield
    finally:
        _put_environment(before)


def _put_environment(variables: dict[str, str | None]) -> None:
    for name, value in variables.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def database_environment(settings: ConnectionSettings, **extra: str) -> Iterator[None]:
    """dbt's Python API and libpq in this process pointed at this database (the PG*
    variables, plus `extra`) until the end, then restored: the one way a test sets them."""
    with environment(**database_variables(settings), **extra):
        yield


def like_a_terminal() -> None:
    """In a child before exec: Ctrl-C handled as a terminal delivers it. A test run started
    in the background by a shell inherits SIGINT ignored, which the CLI rightly keeps."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_cli(settings: ConnectionSettings, *args: str, **extra: str) -> subprocess.Popen:
    """Start the CLI in a session of its own (so a test can signal its whole group)."""
    return subprocess.Popen(
        [sys.executable, "-m", "loader.cli", *args],
        cwd=PROJECT_ROOT,
        env=cli_env(settings, **extra),
        start_new_session=True,
        preexec_fn=like_a_terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(proc.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"  # a zombie has ended; it only waits to be reaped


def raw_fingerprint(conn) -> dict[tuple[str, str], tuple[int, str]]:
    """Per raw table and file: rows, and a checksum of (line, payload) in line order."""
    found = {}
    for table in ("sparkify_events", "sparkify_songs"):
        for name, rows, digest in query(
            conn,
            f"select source_file, count(*), md5(string_agg(line_number || ':' || payload::text, "
            f"e'\\n' order by line_number)) from raw.{table} group by 1",
        ):
            found[(table, name)] = (rows, digest)
    return found


def execute(conn, statement: str, params=None) -> None:
    with conn.cursor() as cur:
        cur.execute(statement, params)
