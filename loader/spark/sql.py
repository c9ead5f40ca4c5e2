"""SQL on the Spark cluster, through its Thrift server (the same door dbt uses)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from loader.spark.runtime import INSTALL_HINT, SparkNotInstalled


@dataclass(frozen=True)
class ThriftSettings:
    host: str = os.environ.get("SPARKIFY_SPARK_THRIFT_HOST", "127.0.0.1")
    port: int = int(os.environ.get("SPARKIFY_SPARK_THRIFT_PORT", 10000))
    user: str = os.environ.get("USER", "sparkify")


class SparkSession:
    """One Thrift session: statements run in order, SET options last for the session."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.cursor = connection.cursor()

    def execute(self, statement: str) -> None:
        self.cursor.execute(statement)

    def query(self, statement: str) -> list[tuple]:
        self.cursor.execute(statement)
        return list(self.cursor.fetchall())


@contextmanager
def session(settings: ThriftSettings | None = None) -> Iterator[SparkSession]:
    settings = settings or ThriftSettings()
    try:
        from pyhive import hive
    except ImportError:
        raise SparkNotInstalled(INSTALL_HINT) from None
    try:
        connection = hive.connect(host=settings.host, port=settings.port, username=settings.user)
    except Exception as exc:
        raise ConnectionError(
            f"cannot reach the Spark Thrift server at {settings.host}:{settings.port} "
            f"({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}); "
            "start the cluster with `sparkify spark up`"
        ) from None
    try:
        yield SparkSession(connection)
    finally:
        connection.close()


def literal(value: object) -> str:
    """A Spark SQL literal. Strings are escaped for Spark's parser (backslash and quote)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def values(rows: Sequence[Sequence[object]]) -> str:
    return ",\n".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
