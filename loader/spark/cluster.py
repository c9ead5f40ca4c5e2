"""`sparkify spark up|down|status`: a standalone Spark cluster on loopback, from the wheel.

A master, N workers and the Thrift server (HiveThriftServer2, the cluster's one driver:
it owns the Derby metastore and runs every SQL statement the loader and dbt send). Each
process is started in a session of its own, recorded in `.spark/run/<name>.pid`, and
stopped only if it is still the process we started (its command line names our state
directory), so `down` never touches anything else.

Closed by default (docs/spark.md, "What is exposed, to whom"): every daemon authenticates
its RPC with a shared secret (`spark.authenticate`), the Thrift server asks for a password,
and the daemons see an allow-list of our environment. `up` and `down` hold a lock on the
state directory, so two of them never interleave.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from loader.common.private import open_private, private_dir
from loader.spark import auth
from loader.spark.runtime import Layout, environment, spark_home, state_dir

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
THRIFT_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
# Spark's log defaults less one logger that prints the configuration, secret included.
LOG_SETTINGS = f"-Dlog4j2.configurationFile=file:{Path(__file__).with_name('log4j2.properties')}"


def _port(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


@dataclass(frozen=True)
class ClusterSettings:
    workers: int = 2
    cores_per_worker: int = 1
    worker_memory: str = "2g"
    executor_memory: str = "1g"
    driver_memory: str = "2g"
    # Ports from the environment when set, read when the settings are made.
    master_port: int = field(default_factory=lambda: _port("SPARKIFY_SPARK_MASTER_PORT", 7077))
    ui_port: int = field(default_factory=lambda: _port("SPARKIFY_SPARK_UI_PORT", 8090))
    thrift_port: int = field(default_factory=lambda: _port("SPARKIFY_SPARK_THRIFT_PORT", 10000))
    shuffle_partitions: int = 4

    @property
    def master_url(self) -> str:
        return f"spark://127.0.0.1:{self.master_port}"


@dataclass
class Status:
    master: int | None = None
    workers: dict[str, int | None] = field(default_factory=dict)
    thrift: int | None = None
    alive_workers: int = 0
    cores: int = 0
    memory_mb: int = 0
    executors: int = 0
    applications: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return bool(self.master and self.thrift and self.alive_workers)

    def lines(self, settings: ClusterSettings) -> list[str]:
        def pid(value: int | None) -> str:
            return f"running (pid {value})" if value else "not running"

        lines = [f"master   {settings.master_url}: {pid(self.master)}"]
        lines += [f"{name} {pid(value)}" for name, value in sorted(self.workers.items())]
        lines.append(f"thrift   127.0.0.1:{settings.thrift_port}: {pid(self.thrift)}")
        if self.master:
            lines.append(
                f"the master reports {self.alive_workers} alive worker(s), {self.cores} "
                f"core(s), {self.memory_mb} MB; {self.executors} executor(s) for "
                f"{', '.join(self.applications) or 'no application'}"
            )
        return lines


class ClusterError(RuntimeError):
    pass


def _layout() -> Layout:
    return Layout(state_dir())


def _pid_file(layout: Layout, name: str) -> Path:
    return layout.run / f"{name}.pid"


def _ours(layout: Layout, name: str) -> int | None:
    """The pid recorded for `name`, if that process still runs and is still ours."""
    path = _pid_file(layout, name)
    try:
        pid = int(path.read_text().split()[0])
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, ValueError, IndexError):
        return None
    # The exact marker argument: a state dir named like the prefix of another (spark1 and
    # spark10) must not claim the other's processes.
    return pid if _marker(layout)[0] in arguments and state != "Z" else None


@contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    """Hold the state directory's lock: a second `up` (or a `down`) waits for the first."""
    private_dir(layout.root)
    with open_private(layout.root / "cluster.lock", "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _start(layout: Layout, name: str, command: list[str], env: dict[str, str]) -> int:
    log = open_private(layout.logs / f"{name}.log", "ab")
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    _pid_file(layout, name).write_text(f"{process.pid}\n")
    return process.pid


def _spark(tool: str) -> str:
    return str(spark_home() / "bin" / tool)


def _marker(layout: Layout) -> list[str]:
    """A JVM option naming our state directory, so our processes can be told apart."""
    return [f"-Dsparkify.state={layout.root}"]


def master_state(settings: ClusterSettings) -> dict | None:
    return _json(f"http://127.0.0.1:{settings.ui_port}/json/")


def _json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def _executors(state: dict) -> int:
    """Executors running on the alive workers, as each worker reports them."""
    count = 0
    for worker in state.get("workers", []):
        if worker.get("state") == "ALIVE" and worker.get("webuiaddress"):
            count += len((_json(worker["webuiaddress"] + "/json/") or {}).get("executors", []))
    return count


def _wait(check, seconds: float, what: str, layout: Layout) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise ClusterError(f"{what} did not come up within {seconds:.0f}s; see {layout.logs}")
        time.sleep(0.5)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def up(settings: ClusterSettings | None = None) -> Status:
    """Start whatever of the cluster is not running, and wait until all of it is ready."""
    settings = settings or ClusterSettings()
    layout = _layout()
    with _locked(layout):
        _up(settings, layout)
    return status(settings)


def _up(settings: ClusterSettings, layout: Layout) -> None:
    layout.make()
    properties = str(auth.properties_file(layout))
    auth.thrift_password(layout)
    env = environment(layout)
    env["SPARK_DAEMON_JAVA_OPTS"] = " ".join([*_marker(layout), LOG_SETTINGS])
    if not _ours(layout, "master"):
        _start(
            layout,
            "master",
            [_spark("spark-class"), MASTER_CLASS, "--host", "127.0.0.1",
             "--port", str(settings.master_port), "--webui-port", str(settings.ui_port),
             "--properties-file", properties],
            env,
        )  # fmt: skip
    _wait(lambda: master_state(settings) is not None, 60, "the Spark master", layout)
    for number in range(1, settings.workers + 1):
        name = f"worker-{number}"
        if not _ours(layout, name):
            work = private_dir(layout.work / name)
            _start(
                layout,
                name,
                [_spark("spark-class"), WORKER_CLASS, settings.master_url,
                 "--host", "127.0.0.1", "--cores", str(settings.cores_per_worker),
                 "--memory", settings.worker_memory,
                 "--webui-port", str(settings.ui_port + number), "--work-dir", str(work),
                 "--properties-file", properties],
                env,
            )  # fmt: skip

    def workers_alive() -> bool:
        state = master_state(settings) or {}
        return state.get("aliveworkers", 0) >= settings.workers

    _wait(workers_alive, 90, f"{settings.workers} Spark worker(s)", layout)
    if not _ours(layout, "thrift"):
        _start(layout, "thrift", _thrift_command(settings, layout, properties), env)
    _wait(lambda: _listening(settings.thrift_port), 180, "the Spark Thrift server", layout)


def _thrift_command(settings: ClusterSettings, layout: Layout, properties: str) -> list[str]:
    login = [
        f"-Dsparkify.thrift.user={auth.THRIFT_USER}",
        f"-Dsparkify.thrift.passwordFile={layout.secrets / 'thrift_password'}",
    ]
    conf = {
        "spark.master": settings.master_url,
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.memory": settings.driver_memory,
        "spark.driver.extraJavaOptions": " ".join(
            [f"-Dderby.system.home={layout.root}", *_marker(layout), *login, LOG_SETTINGS]
        ),
        "spark.executor.memory": settings.executor_memory,
        "spark.executor.cores": "1",
        "spark.cores.max": str(settings.workers * settings.cores_per_worker),
        "spark.sql.warehouse.dir": str(layout.warehouse),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={layout.metastore};create=true"
        ),
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": str(settings.shuffle_partitions),
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        # The files are on this machine: the driver lists them faster than a job would
        # (Spark's default starts one task per path past 32 paths, per query).
        "spark.sql.sources.parallelPartitionDiscovery.threshold": "1000000",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
        "spark.ui.enabled": "false",
        "spark.local.dir": str(layout.scratch),
    }
    command = [
        _spark("spark-submit"), "--class", THRIFT_CLASS, "--name", "sparkify-thrift",
        # The secret comes from this file, never from the command line.
        "--properties-file", properties,
        "--driver-class-path", str(auth.authenticator_classes(layout)),
    ]  # fmt: skip
    for key, value in conf.items():
        command += ["--conf", f"{key}={value}"]
    return [
        *command,
        "--hiveconf", f"hive.server2.thrift.port={settings.thrift_port}",
        "--hiveconf", "hive.server2.thrift.bind.host=127.0.0.1",
        # A login for every session: the one user, the password in secrets/.
        "--hiveconf", "hive.server2.authentication=CUSTOM",
        "--hiveconf", f"hive.server2.custom.authentication.class={auth.AUTHENTICATOR_CLASS}",
        "--hiveconf", f"hive.exec.scratchdir={layout.scratch / 'hive'}",
        "spark-internal",
    ]  # fmt: skip


def down(settings: ClusterSettings | None = None) -> list[str]:
    """Stop our processes (the Thrift server first), returning what was stopped."""
    layout = _layout()
    if not layout.root.is_dir():
        return []
    with _locked(layout):
        return _down(layout)


def _down(layout: Layout) -> list[str]:
    names = (
        ["thrift"]
        + sorted((path.stem for path in layout.run.glob("worker-*.pid")), reverse=True)
        + ["master"]
        if layout.run.is_dir()
        else []
    )
    stopped = []
    for name in names:
        pid = _ours(layout, name)
        if pid:
            _stop(pid)
            stopped.append(f"{name} (pid {pid})")
        _pid_file(layout, name).unlink(missing_ok=True)
    return stopped


def _stop(pid: int, seconds: float = 15) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        time.sleep(0.2)
    os.killpg(pid, signal.SIGKILL)


def status(settings: ClusterSettings | None = None) -> Status:
    settings = settings or ClusterSettings()
    layout = _layout()
    found = Status(master=_ours(layout, "master"), thrift=_ours(layout, "thrift"))
    if layout.run.is_dir():
        for path in sorted(layout.run.glob("worker-*.pid")):
            found.workers[path.stem] = _ours(layout, path.stem)
    state = master_state(settings) if found.master else None
    if state:
        found.alive_workers = state.get("aliveworkers", 0)
        found.cores = state.get("cores", 0)
        found.memory_mb = state.get("memory", 0)
        apps = state.get("activeapps", [])
        found.applications = [app.get("name", "?") for app in apps]
        found.executors = _executors(state)
    return found
