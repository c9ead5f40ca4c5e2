"""Fault injection on the Sparkify loader, against a real PostgreSQL.

Each case disturbs a load the way production does (a second load at the same time,
kill -9 of the loader or of one worker, Ctrl-C, a crashed server, a full disk, a refused
connection), then checks that a rerun converges to exactly what one clean load gives:
the same rows per file, with the same content checksum.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

import psycopg2
import pytest

from loader.common.connection import connect
from loader.common.settings import ConnectionSettings
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from tests.python.external_server import external_server
from tests.python.helpers import (
    alive,
    children_of,
    cli,
    execute,
    fresh_database,
    query,
    raw_fingerprint,
    start_cli,
)

# 13 log files of about 23,000 events: a load takes a few seconds, long enough to hit.
SPEC = SparkifySpec(songs=300, users=200, days=12, events=300_000, seed=11)
WORKERS = {"SPARKIFY_LOAD_WORKERS": "2"}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults") / "data"
    generate_sparkify(root, SPEC)
    return root


@pytest.fixture(scope="module")
def clean_load(server_settings, dataset):
    """What one clean load of the dataset gives, per file."""
    with fresh_database(server_settings, "reference") as settings:
        assert load_sparkify(dataset, settings, workers=1).exit_code == 0
        conn = connect(settings)
        conn.autocommit = True
        expected = raw_fingerprint(conn)
        conn.close()
    return expected


@dataclass(frozen=True)
class Target:
    """A fresh database for one disturbed load, and a connection to watch it."""

    settings: ConnectionSettings
    conn: psycopg2.extensions.connection


@pytest.fixture
def target(server_settings) -> Iterator[Target]:
    with fresh_database(server_settings, "faults") as settings:
        conn = connect(settings)
        conn.autocommit = True
        yield Target(settings, conn)
        conn.close()


def _landed_event_files(conn) -> int:
    sql = "select count(*) from raw.load_manifest where source = 'sparkify_events'"
    return query(conn, sql)[0][0]


def _wait_for(condition, seconds: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _wait_until_files_land(conn, proc, count: int) -> None:
    def landed() -> bool:
        assert proc.poll() is None, proc.communicate()
        try:
            return _landed_event_files(conn) >= count
        except Exception:
            return False  # the raw schema is not created yet

    _wait_for(landed, what=f"{count} files to land")


def _converges(settings, conn, dataset, clean_load) -> None:
    rerun = cli(settings, "load", "sparkify", str(dataset))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert raw_fingerprint(conn) == clean_load


def test_two_loads_at_once_land_every_line_once(target, dataset, clean_load):
    first = start_cli(target.settings, "load", "sparkify", str(dataset), **WORKERS)
    second = start_cli(target.settings, "load", "sparkify", str(dataset), **WORKERS)
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)

    assert (first.returncode, second.returncode) == (0, 0), err1 + err2
    assert "another `sparkify load sparkify` is running; waiting" in err1 + err2
    assert raw_fingerprint(target.conn) == clean_load
    # The one that waited found everything landed.
    files = sum(1 for table, _ in clean_load if table == "sparkify_events")
    assert f"0 of {files} files landed ({files} unchanged)" in out1 + out2


def test_kill_9_of_the_loader_takes_its_workers_with_it(target, dataset, clean_load):
    proc = start_cli(target.settings, "load", "sparkify", str(dataset), **WORKERS)
    _wait_until_files_land(target.conn, proc, 2)
    workers = children_of(proc.pid)
    assert len(workers) == 2

    proc.kill()
    proc.wait()
    _wait_for(lambda: not any(alive(pid) for pid in workers), 5, "the workers to die")

    # Right away, as a scheduler's retry would: nothing twice, nothing missing.
    _converges(target.settings, target.conn, dataset, clean_load)


def test_kill_9_of_one_worker_fails_its_file_and_a_rerun_finishes(target, dataset, clean_load):
    proc = start_cli(target.settings, "load", "sparkify", str(dataset), **WORKERS)
    _wait_until_files_land(target.conn, proc, 1)
    time.sleep(0.3)  # into the next file
    os.kill(children_of(proc.pid)[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)

    assert proc.returncode == 1, out + err
    assert "the worker process landing it was killed by SIGKILL" in out
    assert "Traceback" not in out + err
    _converges(target.settings, target.conn, dataset, clean_load)


def test_ctrl_c_stops_at_once_and_says_which_files_landed(target, dataset, clean_load):
    proc = start_cli(target.settings, "load", "sparkify", str(dataset), **WORKERS)
    _wait_until_files_land(target.conn, proc, 2)
    workers = children_of(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    started = time.monotonic()
    out, err = proc.communicate(timeout=60)
    seconds = time.monotonic() - started

    assert proc.returncode == 130, out + err
    assert seconds < 3, f"took {seconds:.1f}s to stop"
    assert not any(alive(pid) for pid in workers)
    landed = {
        name
        for (name,) in query(
            target.conn,
            "select source_file from raw.load_manifest where source = 'sparkify_events'",
        )
    }
    prefix = "landed by this run into sparkify_events, complete: "
    summary = next(line for line in out.splitlines() if line.startswith(prefix))
    count, _, names = summary.removeprefix(prefix).partition(" file(s): ")
    assert int(count) == len(landed) >= 2
    assert set(names.split(", ")) == landed
    assert "run the same command again" in err
    _converges(target.settings, target.conn, dataset, clean_load)


def test_full_disk_is_one_clear_line_and_loses_nothing(target, dataset, clean_load):
    assert cli(target.settings, "db", "init").returncode == 0
    doomed = sorted(name for (_, name) in clean_load if name.startswith("log_data/"))[5]
    # The server's own disk_full error, raised for one file as a full disk would.
    execute(
        target.conn,
        """
        create function raw.disk_full() returns trigger language plpgsql as $$
        begin
            raise exception 'could not extend file "base/1/2": No space left on device'
                using errcode = 'disk_full';
        end $$""",
    )
    execute(
        target.conn,
        "create trigger disk_full before insert on raw.sparkify_events for each row "
        "when (new.source_file = %s) execute function raw.disk_full()",
        (doomed,),
    )
    result = cli(target.settings, "load", "sparkify", str(dataset), **WORKERS)

    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: the database server's disk is full")
    assert doomed in errors[0] and "free space on the server" in errors[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert query(
        target.conn, "select count(*) from raw.sparkify_events where source_file = %s", (doomed,)
    ) == [(0,)]
    execute(target.conn, "drop trigger disk_full on raw.sparkify_events")
    _converges(target.settings, target.conn, dataset, clean_load)


def test_refused_connection_is_one_clear_line(server_settings, dataset):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the load runs
    nobody = replace(server_settings, host="127.0.0.1", port=port, embedded=False)
    result = cli(nobody, "load", "sparkify", str(dataset))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"error: cannot connect to postgresql://postgres@127.0.0.1:{port}"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_server_crash_mid_load_then_rerun_converges(dataset, clean_load, tmp_path):
    with external_server() as server:
        admin = connect_external(server, "postgres")
        execute(admin, "create database warehouse")
        admin.close()
        settings = external_settings(server, "warehouse")
        log = tmp_path / "log"
        proc = start_cli(
            settings,
            "load",
            "sparkify",
            str(dataset),
            SPARKIFY_LOG=str(log),
            **WORKERS,
        )
        watcher = connect_external(server, "warehouse")
        _wait_until_files_land(watcher, proc, 2)
        watcher.close()
        server.crash()
        out, err = proc.communicate(timeout=120)

        assert proc.returncode == 1, out + err
        error = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(error) == 1, err
        assert error[0].startswith("error: lost the connection to the database server")
        assert "while landing log_data/" in error[0] and "run the same command again" in error[0]
        assert "Traceback" not in out + err
        assert "Traceback" in log.read_text()  # the details went to the log

        server.start()
        conn = connect_external(server, "warehouse")
        _converges(settings, conn, dataset, clean_load)
        conn.close()


def external_settings(server, dbname: str):
    return ConnectionSettings(server.host, server.port, server.superuser, dbname, server.password)


def connect_external(server, dbname: str):
    conn = connect(external_settings(server, dbname))
    conn.autocommit = True
    return conn
