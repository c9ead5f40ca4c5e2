"""SQL on the Spark cluster, through its Thrift server (the same door dbt uses)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from loader.spark.runtime import INSTALL_HINT, SparkNotInstalled


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


@dataclass(frozen=True)
class ThriftSettings:
    """Where the Thrift server listens: SPARKIFY_SPARK_THRIFT_HOST/PORT, as dbt's profile."""

    host: str = field(default_factory=lambda: _env("SPARKIFY_SPARK_THRIFT_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("SPARKIFY_SPARK_THRIFT_PORT", "10000")))
    user: str = field(default_factory=lambda: _env("USER", "sparkify"))


class SparkUnreachable(ConnectionError):
    advice = "start the cluster with `sparkify spark up` (or check SPARKIFY_SPARK_THRIFT_*)"


class SparkSQLError(RuntimeError):
    """Spark refused a statement: its own message, first line only, and what we sent."""

    def __init__(self, message: str, statement: str) -> None:
        first = " ".join(statement.split())[:160]
        super().__init__(f"Spark refused a statement: {message} (statement: {first})")


def _spark_message(exc: Exception) -> str:
    response = exc.args[0] if exc.args else None
    message = getattr(getattr(response, "status", None), "errorMessage", None) or str(exc)
    message = message.replace("Error running query: ", "", 1).strip()
    return message.splitlines()[0] if message else type(exc).__name__


class SparkSession:
    """One Thrift session: statements run in order, SET options last for the session."""

    def __init__(self, connection, settings: ThriftSettings) -> None:
        self.connection = connection
        self.cursor = connection.cursor()
        self.settings = settings

    def execute(self, statement: str) -> None:
        from pyhive.exc import OperationalError
        from thrift.transport.TTransport import TTransportException

        try:
            self.cursor.execute(statement)
        except OperationalError as exc:
            raise SparkSQLError(_spark_message(exc), statement) from exc
        except (TTransportException, OSError) as exc:
            raise SparkUnreachable(
                f"lost the connection to the Spark Thrift server at "
                f"{self.settings.host}:{self.settings.port} ({exc})"
            ) from exc

    def query(self, statement: str) -> list[tuple]:
        self.execute(statement)
        return list(self.cursor.fetchall())

    def cache(self, name: str, query: str) -> None:
        """Compute `query` once on the executors and keep it as the temporary view `name`."""
        self.execute(f"drop view if exists {name}")
        self.execute(f"cache table {name} as {query}")

    def release(self, name: str) -> None:
        self.execute(f"uncache table if exists {name}")
        self.execute(f"drop view if exists {name}")


@contextmanager
def session(settings: ThriftSettings | None = None) -> Iterator[SparkSession]:
    settings = settings or ThriftSettings()
    try:
        from pyhive import hive
    except ImportError:
        raise SparkNotInstalled(INSTALL_HINT) from None
    # The Thrift client logs each refused connection itself; our error says it once.
    logging.getLogger("thrift").setLevel(logging.CRITICAL)
    try:
        connection = hive.connect(host=settings.host, port=settings.port, username=settings.user)
    except Exception as exc:
        text = str(exc).strip()
        raise SparkUnreachable(
            f"cannot reach the Spark Thrift server at {settings.host}:{settings.port} "
            f"({text.splitlines()[0] if text else type(exc).__name__})"
        ) from None
    try:
        yield SparkSession(connection, settings)
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


def json_relation(rows: Sequence[dict], schema: str) -> str:
    """A subquery of these rows, sent as one JSON string literal parsed on the cluster: the
    same rows as thousands of literal values would exhaust the driver's SQL parser."""
    text = json.dumps(list(rows), default=str)
    return f"(select inline(from_json({literal(text)}, 'array<struct<{schema}>>')))"


def json_strings(items: Sequence[str]) -> str:
    """A subquery of one string column `value`, for `x in (...)` over many strings."""
    text = json.dumps(list(items))
    return f"(select explode(from_json({literal(text)}, 'array<string>')) as value)"
