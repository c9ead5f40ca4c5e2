"""The same CLI and dbt profile on a separate PostgreSQL over TCP with a password."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg2
import pytest

from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.external_server import external_server
from tests.python.helpers import PROJECT_ROOT

ANALYST_PASSWORD = "an@lyst pass'word"


@pytest.fixture(scope="module")
def server():
    with external_server() as srv:
        conn = psycopg2.connect(
            host=srv.host,
            port=srv.port,
            user=srv.superuser,
            password=srv.password,
            dbname="postgres",
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("create role analyst login password %s", (ANALYST_PASSWORD,))
            cur.execute("create database warehouse owner analyst")
            # The analyst lacks CREATEROLE, so an administrator creates the marts' read-only
            # role once (docs/quality_gates.md); dbt's hooks and grants then only use it.
            cur.execute("create role sparkify_reader nologin")
        conn.close()
        yield srv


def _env(server, tmp_path: Path, password: str = ANALYST_PASSWORD) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(
        PGHOST=server.host,
        PGPORT=str(server.port),
        PGUSER="analyst",
        PGPASSWORD=password,
        PGDATABASE="warehouse",
        # If anything tried to start the embedded server, it would appear here.
        SPARKIFY_PGDATA=str(tmp_path / "embedded-must-not-start"),
    )
    return env


def _run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def test_load_and_build_over_tcp_with_password(server, tmp_path):
    data = tmp_path / "data"
    generate_sparkify(data, SparkifySpec(songs=30, users=10, days=2, events=500, seed=3))
    env = _env(server, tmp_path)
    venv_bin = Path(os.sys.executable).parent

    url = _run(env, str(venv_bin / "sparkify"), "db", "url")
    assert url.returncode == 0
    assert url.stdout.strip() == f"postgresql://analyst:***@127.0.0.1:{server.port}/warehouse"

    load = _run(env, str(venv_bin / "sparkify"), "load", "sparkify", str(data))
    assert load.returncode == 0, load.stdout + load.stderr
    assert "500 rows" in load.stdout

    build = _run(
        env,
        str(venv_bin / "dbt"),
        "build",
        "--selector",
        "sparkify",
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "logs"),
    )
    assert build.returncode == 0, build.stdout[-3000:]
    for output in (url, load, build):
        assert ANALYST_PASSWORD not in output.stdout + output.stderr
    assert ANALYST_PASSWORD not in (tmp_path / "logs" / "dbt.log").read_text()
    assert not (tmp_path / "embedded-must-not-start").exists()

    conn = psycopg2.connect(
        host=server.host,
        port=server.port,
        user="analyst",
        password=ANALYST_PASSWORD,
        dbname="warehouse",
    )
    with conn.cursor() as cur:
        cur.execute("select count(*) from sparkify.songplays")
        assert cur.fetchone()[0] > 0
    conn.close()


def test_wrong_password_is_a_clear_error_that_hides_the_secret(server, tmp_path):
    env = _env(server, tmp_path, password="wrong-Secret-9")
    venv_bin = Path(os.sys.executable).parent
    result = _run(env, str(venv_bin / "sparkify"), "load", "sparkify", str(tmp_path))
    assert result.returncode == 1
    assert "cannot connect to postgresql://analyst:***@127.0.0.1" in result.stderr
    assert "password authentication failed" in result.stderr
    assert "wrong-Secret-9" not in result.stdout + result.stderr
