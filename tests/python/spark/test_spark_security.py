"""The local cluster is closed by default (docs/spark.md, "What is exposed, to whom"):
the Thrift server asks for the password, the master admits no application without the
shared secret, no daemon holds our PG* variables, no secret is on a command line, and the
state is owner-only. Against the real cluster of conftest.py."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from loader.common.logfile import write_details
from loader.common.private import private_dir
from loader.spark import auth, cluster
from loader.spark.runtime import Layout, environment, state_dir
from loader.spark.sql import session

LOOPBACK = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}

INTRUDER = """
import sys, time
from pyspark.sql import SparkSession
builder = SparkSession.builder.master(sys.argv[1]).appName(sys.argv[2])
for pair in sys.argv[3:]:
    key, value = pair.split("=", 1)
    builder = builder.config(key, value)
builder.getOrCreate()
time.sleep(120)
"""


def _layout() -> Layout:
    return Layout(state_dir())


def _cluster_pids() -> set[int]:
    """Our daemons (master, workers, Thrift server) and all their descendants (executors)."""
    status = cluster.status(cluster.ClusterSettings())
    roots = {pid for pid in [status.master, status.thrift, *status.workers.values()] if pid}
    assert status.master and status.thrift and len(roots) == 4, status
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
    found = set(roots)
    while True:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        if not more:
            return found
        found |= more


def _hive(**login):
    from pyhive import hive

    port = int(os.environ["SPARKIFY_SPARK_THRIFT_PORT"])
    connection = hive.connect(host="127.0.0.1", port=port, **login)
    cursor = connection.cursor()
    cursor.execute("select 1")
    return cursor.fetchall()


def test_thrift_refuses_a_session_without_the_right_password(spark_cluster):
    with pytest.raises(Exception, match="Error validating the login"):
        _hive(username="sparkify")  # no password at all (SASL PLAIN, as before)
    with pytest.raises(Exception, match="Error validating the login"):
        _hive(username="sparkify", auth="CUSTOM", password="not-the-password")
    password = auth.thrift_password(_layout())
    with pytest.raises(Exception, match="Error validating the login"):
        _hive(username="someone-else", auth="CUSTOM", password=password)
    assert _hive(username="sparkify", auth="CUSTOM", password=password) == [(1,)]
    with session() as spark:  # what the loader does: the password from the file
        assert spark.query("select 1") == [(1,)]


def _master_apps(ui_port: int) -> set[str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as response:
        state = json.load(response)
    return {app["name"] for app in state.get("activeapps", []) + state.get("completedapps", [])}


def test_the_master_admits_no_application_without_the_secret(spark_cluster, tmp_path):
    settings = cluster.ClusterSettings()
    env = environment(Layout(tmp_path))
    script = tmp_path / "intruder.py"
    script.write_text(INTRUDER)
    common = ["spark.ui.enabled=false", "spark.driver.host=127.0.0.1", "spark.cores.max=1"]
    tries = {
        "intruder-no-auth": ["spark.authenticate=false"],
        "intruder-wrong-secret": ["spark.authenticate=true", "spark.authenticate.secret=wrong"],
    }
    started = {}
    for name, conf in tries.items():
        log = (tmp_path / f"{name}.log").open("wb")
        command = [sys.executable, str(script), settings.master_url, name, *common, *conf]
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        started[name] = (process, tmp_path / f"{name}.log")
    try:
        # Each try is refused within seconds of its JVM starting (13 s in all on a quiet
        # machine); the margin is for a loaded one, where two JVMs take minutes to start.
        deadline = time.monotonic() + 240
        refused: set[str] = set()
        while time.monotonic() < deadline and refused != set(tries):
            registered = _master_apps(settings.ui_port) & set(tries)
            assert not registered, f"the master registered {registered}"
            for name, (_, log) in started.items():
                if "Failed to connect to master" in log.read_text(errors="replace"):
                    refused.add(name)
            time.sleep(1)
        assert refused == set(tries), {
            name: log.read_text(errors="replace")[-2000:] for name, (_, log) in started.items()
        }
        assert not _master_apps(settings.ui_port) & set(tries)
    finally:
        for process, _ in started.values():
            process.kill()
            process.wait()


def test_no_daemon_holds_our_secrets_in_its_environment_or_command_line(spark_cluster):
    layout = _layout()
    secrets = [auth.rpc_secret(layout), auth.thrift_password(layout)]
    pids = _cluster_pids()
    assert len(pids) > 4  # the executors too
    for pid in pids:
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue  # a short-lived child ended meanwhile
        names = {item.split(b"=", 1)[0].decode() for item in environ if item}
        assert not {name for name in names if name.startswith("PG")}, (pid, names)
        assert auth.PASSWORD_VARIABLE not in names, pid
        for secret in secrets:
            assert secret.encode() not in cmdline, f"a secret on the command line of {pid}"
        # Only the executors get the shared secret, from their worker (Spark's own way),
        # in an environment only their owner can read.
        if "_SPARK_AUTH_SECRET" in names:
            assert "CoarseGrainedExecutorBackend" in cmdline.decode(errors="replace"), pid
            assert stat.S_IMODE(Path(f"/proc/{pid}/environ").stat().st_mode) == 0o400


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_state_and_the_secrets_are_owner_only(spark_cluster):
    layout = _layout()
    folders = [layout.root, layout.run, layout.logs, layout.work, layout.warehouse]
    folders += [layout.scratch, layout.secrets, layout.secrets / "classes"]
    folders += [path for path in layout.work.iterdir() if path.name.startswith("worker-")]
    assert {str(path): _mode(path) for path in folders} == {str(p): 0o700 for p in folders}
    files = [layout.secrets / name for name in ("rpc_secret", "thrift_password")]
    files += [layout.secrets / "spark.properties", *layout.logs.glob("*.log")]
    assert {str(path): _mode(path) for path in files} == {str(p): 0o600 for p in files}
    # Neither secret is written to any log (thrift.log holds every statement), even when
    # a database is dropped: Hive's transaction handler then logs the whole configuration.
    with session() as spark:
        spark.execute("create database if not exists security_probe")
        spark.execute("drop database security_probe cascade")
    secrets = [auth.rpc_secret(layout), auth.thrift_password(layout)]
    for log in layout.logs.iterdir():
        text = log.read_text(errors="replace")
        assert not [secret for secret in secrets if secret in text], log


def test_no_rest_server_and_every_port_on_loopback(spark_cluster):
    layout = _layout()
    properties = (layout.secrets / "spark.properties").read_text()
    assert "spark.master.rest.enabled false" in properties.splitlines()
    assert "spark.ui.killEnabled false" in properties.splitlines()
    assert "REST server" not in (layout.logs / "master.log").read_text()
    settings = cluster.ClusterSettings()
    listening = _listening(cluster.status(settings).master)
    assert listening, "found no listening socket of the master"
    assert {port for _, port in listening} == {settings.master_port, settings.ui_port}
    for pid in _cluster_pids():
        for address, port in _listening(pid):
            assert address in LOOPBACK, f"pid {pid} listens on {address}:{port}"


def _listening(pid: int | None) -> set[tuple[str, int]]:
    """The (address in /proc hex, port) of each socket `pid` listens on."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                address, port = fields[1].split(":")
                found.add((address, int(port, 16)))
    return found


def test_private_dir_creates_and_tightens_and_logs_are_owner_only(tmp_path, monkeypatch):
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    assert _mode(private_dir(loose)) == 0o700
    assert _mode(private_dir(tmp_path / "new" / "deeper")) == 0o700
    monkeypatch.setenv("SPARKIFY_LOG", str(tmp_path / "logs" / "loader.log"))
    written = write_details("a failure", ["Traceback: ..."])
    assert written is not None
    assert (_mode(written.parent), _mode(written)) == (0o700, 0o600)
