"""One place for opening connections and running transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import psycopg2.extensions

from loader import embedded
from loader.common.settings import ConnectionSettings, external_server_requested, settings_from_env


def resolve_settings(start_embedded: bool = True) -> ConnectionSettings:
    """The PG* server when PGHOST is set; otherwise the embedded one, started on demand."""
    if external_server_requested():
        return settings_from_env()
    server = embedded.start() if start_embedded else embedded.status()
    return settings_from_env(embedded_socket_dir=server.socket_dir)


def connect(settings: ConnectionSettings) -> psycopg2.extensions.connection:
    try:
        return psycopg2.connect(**settings.connect_kwargs())
    except psycopg2.OperationalError as exc:
        # libpq's message names host and user but never the password.
        raise ConnectionError(
            f"cannot connect to {settings.display_url()}: {exc}".strip()
        ) from None


@contextmanager
def transaction(conn: psycopg2.extensions.connection) -> Iterator[psycopg2.extensions.cursor]:
    """Commit on success, roll back everything on any error, interrupts included."""
    try:
        with conn.cursor() as cur:
            yield cur
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def server_version(conn: psycopg2.extensions.connection) -> int:
    return conn.server_version // 10000
