"""The read-only role: a login that is a member of sparkify_reader reads the marts and is
refused on raw and staging, and cannot write anywhere."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import replace

import psycopg2
import pytest
from psycopg2 import errors, sql

from loader.common.connection import connect
from loader.common.settings import ConnectionSettings
from tests.python.helpers import PROJECT_ROOT, query
from tests.python.quality.conftest import failures, invoke_dbt

READER_ROLE = "sparkify_reader"


@pytest.fixture(scope="module")
def built(store_db: ConnectionSettings, tmp_path_factory) -> ConnectionSettings:
    """A mart and the staging views under it, built by dbt with its hooks and grants."""
    out = tmp_path_factory.mktemp("reader_dbt")
    result = invoke_dbt(
        PROJECT_ROOT, store_db, "run", "--select", "+dim_employees", "stg_music_store__invoices",
        "--target-path", str(out / "target"), "--log-path", str(out / "logs"),
    )  # fmt: skip
    assert result.success, failures(result) or result.exception
    return store_db


@pytest.fixture
def reader(built: ConnectionSettings) -> Iterator[psycopg2.extensions.connection]:
    """A connection as a throwaway login role that is a member of sparkify_reader."""
    login = f"reader_login_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    admin = connect(built)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(
            sql.SQL("create role {} login password {} in role {}").format(
                sql.Identifier(login), sql.Literal(password), sql.Identifier(READER_ROLE)
            )
        )
    conn = connect(replace(built, user=login, password=password))
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()
        with admin.cursor() as cur:
            cur.execute(sql.SQL("drop role {}").format(sql.Identifier(login)))
        admin.close()


def test_reader_role_is_nologin_and_granted_only_the_marts(built):
    conn = connect(built)
    try:
        assert query(
            conn, "select rolcanlogin from pg_roles where rolname = %s", (READER_ROLE,)
        ) == [(False,)]
        schemas = query(
            conn,
            "select nspname from pg_namespace where has_schema_privilege(%s, oid, 'usage')"
            " and nspname not like 'pg\\_%%' and nspname <> 'information_schema'",
            (READER_ROLE,),
        )
        # public is usable by every role in PostgreSQL; dbt builds nothing there. Other
        # targets' marts (dev_<user>_music_store, ci_<id>_sparkify) are granted alike.
        marts = ("music_store", "sparkify")
        assert {
            row[0] for row in schemas if not row[0].endswith(tuple(f"_{m}" for m in marts))
        } <= {
            *marts,
            "public",
        }
    finally:
        conn.close()


def test_reader_reads_the_marts(reader):
    rows = query(reader, "select count(*) from music_store.dim_employees")
    assert rows[0][0] > 0


def test_reader_reads_the_marts_of_a_dev_target_too(built, reader, tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "Reader.Check")
    result = invoke_dbt(
        PROJECT_ROOT, built, "run", "--target", "dev", "--select", "+dim_employees",
        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
    )  # fmt: skip
    assert result.success, failures(result) or result.exception
    rows = query(reader, "select count(*) from dev_reader_check_music_store.dim_employees")
    assert rows[0][0] > 0
    with pytest.raises(errors.InsufficientPrivilege):
        query(reader, "select * from dev_reader_check_staging.stg_music_store__employees")


@pytest.mark.parametrize(
    "relation",
    ["raw.music_store_employee", "raw.music_store_invoice", "staging.stg_music_store__invoices"],
)
def test_reader_is_refused_on_raw_and_staging(reader, relation):
    with pytest.raises(errors.InsufficientPrivilege):
        query(reader, f"select * from {relation} limit 1")


@pytest.mark.parametrize(
    "statement",
    [
        "delete from music_store.dim_employees",
        "create table music_store.reader_was_here (id integer)",
        "create table raw.reader_was_here (id integer)",
    ],
)
def test_reader_cannot_write(reader, statement):
    with pytest.raises(errors.InsufficientPrivilege), reader.cursor() as cur:
        cur.execute(statement)
