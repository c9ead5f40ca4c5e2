"""Ctrl-C during a load: whole files or nothing, a clear message, and a rerun finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from psycopg2 import sql

from loader.common.connection import connect
from loader.common.copy_writer import copy_binary, json_row, json_row_prefix
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import PROJECT_ROOT, like_a_terminal, query


def test_interrupt_mid_copy_rolls_back_and_rerun_completes(clean_db, tmp_path):
    sample = tmp_path / "sample"
    generate_sparkify(sample, SparkifySpec(songs=10, users=10, days=1, events=2000, seed=2))
    lines = b"".join(p.read_bytes() for p in (sample / "log_data").rglob("*.json"))
    big = tmp_path / "data" / "log_data" / "2018" / "11" / "2018-11-01-events.json"
    big.parent.mkdir(parents=True)
    big.write_bytes(lines * 150)  # about 100 MB: long enough to interrupt mid-COPY
    expected = lines.count(b"\n") * 150

    env = {**os.environ, "PGDATABASE": clean_db.dbname}
    cmd = [sys.executable, "-m", "loader.cli", "load", "sparkify", str(tmp_path / "data")]
    proc = subprocess.Popen(
        cmd,
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=like_a_terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watcher = connect(clean_db)
    watcher.autocommit = True
    deadline = time.monotonic() + 60
    while not query(watcher, "select 1 from pg_stat_progress_copy where tuples_processed > 0"):
        assert proc.poll() is None and time.monotonic() < deadline, "COPY never started"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    _, err = proc.communicate(timeout=60)

    assert proc.returncode == 130, err
    assert "interrupted" in err and "run the same command again" in err
    assert query(watcher, "select count(*) from raw.sparkify_events")[0][0] == 0
    assert query(watcher, "select count(*) from raw.load_manifest")[0][0] == 0

    rerun = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert query(watcher, "select count(*) from raw.sparkify_events")[0][0] == expected
    watcher.close()


def test_a_process_that_ignores_ctrl_c_keeps_ignoring_it_during_copy(db):
    """Worker processes ignore SIGINT (their parent stops them); a COPY must not turn a
    Ctrl-C sent to the whole process group into a crash of the worker mid-file."""

    with db.cursor() as cur:
        cur.execute(
            "create temporary table landed (source_file text, line_number bigint, payload jsonb)"
        )
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:

        def rows():
            prefix = json_row_prefix("a.json")
            for number in range(1, 1001):
                if number == 500:
                    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C mid-COPY
                    time.sleep(0.05)
                yield json_row(prefix, number, b'{"n": 1}')

        try:
            with db.cursor() as cur:
                written = copy_binary(
                    cur, sql.Identifier("landed"), ["source_file", "line_number", "payload"], rows()
                )
        except KeyboardInterrupt:
            pytest.fail("the COPY turned an ignored Ctrl-C into KeyboardInterrupt")
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert written == 1000
    assert query(db, "select count(*) from landed") == [(1000,)]
