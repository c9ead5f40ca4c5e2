"""Where things live and which database to use, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# libpq's own variables. PGHOST decides the server: set means "use that server",
# unset means "use the embedded one". The others apply in both cases.
PG_VARIABLES = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE")

DEFAULT_DATABASE = "sparkify"
DEFAULT_USER = "postgres"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ConnectionSettings:
    """How to reach PostgreSQL. `password` is kept out of repr so it never reaches a log."""

    host: str
    port: int
    user: str
    dbname: str
    password: str | None = field(default=None, repr=False)
    embedded: bool = False

    def connect_kwargs(self) -> dict[str, object]:
        kwargs: dict[str, object] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": self.dbname,
            "application_name": "sparkify-loader",
        }
        if self.password:
            kwargs["password"] = self.password
        return kwargs

    def display_url(self) -> str:
        """A URL safe to print: the password, if any, is masked."""
        secret = ":***" if self.password else ""
        if self.host.startswith("/"):
            return (
                f"postgresql://{self.user}{secret}@/{self.dbname}?host={self.host}&port={self.port}"
            )
        return f"postgresql://{self.user}{secret}@{self.host}:{self.port}/{self.dbname}"


def external_server_requested(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("PGHOST"))


def settings_from_env(
    embedded_socket_dir: str | None = None, environ: dict[str, str] | None = None
) -> ConnectionSettings:
    """Resolve the connection: the PG* variables when PGHOST is set, else the embedded server."""
    env = os.environ if environ is None else environ
    user = env.get("PGUSER") or DEFAULT_USER
    dbname = env.get("PGDATABASE") or DEFAULT_DATABASE
    port = int(env.get("PGPORT") or DEFAULT_PORT)
    if external_server_requested(env):
        return ConnectionSettings(
            host=env["PGHOST"], port=port, user=user, dbname=dbname, password=env.get("PGPASSWORD")
        )
    if embedded_socket_dir is None:
        raise RuntimeError("the embedded server is not running: start it with `sparkify db start`")
    return ConnectionSettings(
        host=embedded_socket_dir, port=DEFAULT_PORT, user=DEFAULT_USER, dbname=dbname, embedded=True
    )
