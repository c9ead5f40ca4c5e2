"""Fixtures: a real PostgreSQL for every test that needs one (never a mock).

By default the embedded server is started and each test session gets its own database,
dropped afterwards. With PGHOST set, the same happens on that server.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg2
import pytest

from loader.common.connection import connect, resolve_settings
from loader.common.settings import ConnectionSettings
from loader.dbt_profile import write_profile
from tests.python.built_project import BuiltProject, build_project
from tests.python.helpers import fresh_database


@pytest.fixture(scope="session")
def server_settings() -> ConnectionSettings:
    settings = resolve_settings()
    write_profile(settings.host if settings.embedded else None)  # for dbt's Python API
    return settings


@pytest.fixture(scope="session")
def pg_settings(server_settings: ConnectionSettings) -> Iterator[ConnectionSettings]:
    """A fresh database for this test session on the real server."""
    with fresh_database(server_settings, "test") as settings:
        yield settings


@pytest.fixture(scope="module")
def module_db(server_settings: ConnectionSettings, request) -> Iterator[ConnectionSettings]:
    """A database of the test module's own, for suites that build the warehouse."""
    prefix = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:24]
    with fresh_database(server_settings, prefix) as settings:
        yield settings


@pytest.fixture
def clean_db(pg_settings: ConnectionSettings) -> Iterator[ConnectionSettings]:
    """The session database with the raw schema emptied before the test."""
    conn = connect(pg_settings)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("drop schema if exists raw cascade")
    conn.close()
    yield pg_settings


@pytest.fixture
def db(clean_db: ConnectionSettings) -> Iterator[psycopg2.extensions.connection]:
    conn = connect(clean_db)
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def built_project(server_settings, tmp_path_factory) -> Iterator[BuiltProject]:
    """The whole project, small, built once for the analyst and report checks."""
    with build_project(server_settings, tmp_path_factory.mktemp("analyst")) as built:
        yield built
