"""Ctrl-C during a load: whole files or nothing, a clear message, and a rerun finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from loader.common.connection import connect
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import PROJECT_ROOT, cli_env, like_a_terminal, query


def test_interrupt_mid_copy_rolls_back_and_rerun_completes(clean_db, tmp_path):
    sample = tmp_path / "sample"
    generate_sparkify(sample, SparkifySpec(songs=10, users=10, days=1, events=2000, seed=2))
    lines = b"".join(p.read_bytes() for p in (sample / "log_data").rglob("*.json"))
    big = tmp_path / "data" / "log_data" / "2018" / "11" / "2018-11-01-events.json"
    big.parent.mkdir(parents=True)
    big.write_bytes(lines * 150)  # about 100 MB: long enough to interrupt mid-COPY
    expected = lines.count(b"\n") * 150

    env = cli_env(clean_db)
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
