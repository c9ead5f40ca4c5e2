"""SQL on the Spark cluster, through its Thrift server (the same door dbt uses)."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from loader.spark.runtime import INSTALL_HINT, SparkNotInstalled


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _password() -> str | None:
    from loader.spark.auth import client_password

    return client_password()


@dataclass(frozen=True)
class ThriftSettings:
    """Where the Thrift server listens and how we log in, as dbt's profile does:
    SPARKIFY_SPARK_THRIFT_HOST/PORT, SPARKIFY_SPARK_USER, and SPARKIFY_SPARK_PASSWORD or
    else the local cluster's password file. With no password at all, no login (auth NONE,
    for a server of your own that asks for none)."""

    host: str = field(default_factory=lambda: _env("SPARKIFY_SPARK_THRIFT_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("SPARKIFY_SPARK_THRIFT_PORT", "10000")))
    user: str = field(default_factory=lambda: _env("SPARKIFY_SPARK_USER", "sparkify"))
    password: str | None = field(default_factory=_password, repr=False)
    # CUSTOM is our server's password check; LDAP sends the same user and password.
    auth: str = field(default_factory=lambda: _env("SPARKIFY_SPARK_AUTH", "CUSTOM"))


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
    return _first_line(message) or type(exc).__name__


def _first_line(message: str) -> str:
    # A statement run asynchronously reports its error wrapped in the server's exception.
    message = message.strip().removeprefix("org.apache.hive.service.cli.HiveSQLException: ")
    message = message.replace("Error running query: ", "", 1).strip()
    return message.splitlines()[0] if message else ""


# A statement is polled after 10 ms, then ever less often up to every 100 ms: small
# statements stay fast and a long one costs a few requests a second.
POLL_FIRST, POLL_MAX = 0.01, 0.1
# How long a cancelled statement may take to stop before we give up waiting for it.
CANCEL_WAIT = 60.0
# TOperationState: INITIALIZED, RUNNING, PENDING (the server has not finished).
RUNNING_STATES = (0, 1, 7)
log = logging.getLogger(__name__)


class SparkSession:
    """One Thrift session: statements run in order, SET options last for the session."""

    def __init__(self, connection, settings: ThriftSettings) -> None:
        self.connection = connection
        self.cursor = connection.cursor()
        self.settings = settings

    def execute(self, statement: str) -> None:
        """Run one statement and wait for it. It runs asynchronously on the server and is
        polled, so a Ctrl-C (or any other exception) while waiting cancels it there first:
        the load's lock must not be released while the server still writes for us."""
        from pyhive.exc import OperationalError
        from thrift.transport.TTransport import TTransportException

        started = time.perf_counter()
        try:
            self.cursor.execute(statement, async_=True)
            try:
                self._wait(statement)
                log.debug(
                    "%.3f s  %s", time.perf_counter() - started, " ".join(statement.split())[:120]
                )
            except SparkSQLError:
                raise
            except BaseException:  # Ctrl-C above all
                self._cancel()
                raise
        except OperationalError as exc:
            raise SparkSQLError(_spark_message(exc), statement) from exc
        except (TTransportException, OSError) as exc:
            raise SparkUnreachable(
                f"lost the connection to the Spark Thrift server at "
                f"{self.settings.host}:{self.settings.port} ({exc})"
            ) from exc

    def _wait(self, statement: str) -> None:
        from TCLIService.ttypes import TOperationState

        pause = POLL_FIRST
        while True:
            status = self.cursor.poll(get_progress_update=False)
            state = status.operationState
            if state == TOperationState.FINISHED_STATE:
                return
            if state not in RUNNING_STATES:
                message = status.errorMessage or TOperationState._VALUES_TO_NAMES.get(state)
                raise SparkSQLError(_first_line(message or "failed"), statement)
            time.sleep(pause)
            pause = min(pause * 2, POLL_MAX)

    def _cancel(self) -> None:
        """Cancel the running statement and wait until the server says it has stopped."""
        try:
            self.cursor.cancel()
            deadline = time.monotonic() + CANCEL_WAIT
            while time.monotonic() < deadline:
                state = self.cursor.poll(get_progress_update=False).operationState
                if state not in RUNNING_STATES:
                    return
                time.sleep(POLL_MAX)
            log.warning("the Spark server did not confirm the cancellation in %s s", CANCEL_WAIT)
        except Exception:  # the statement may have ended meanwhile, or the connection died
            log.debug("cancelling a statement failed", exc_info=True)

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


def _login(settings: ThriftSettings) -> dict[str, str]:
    """PyHive's login arguments: the user's password, for CUSTOM (ours) or LDAP."""
    if settings.password is None:
        return {}
    return {"auth": settings.auth, "password": settings.password}


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
        connection = hive.connect(
            host=settings.host, port=settings.port, username=settings.user, **_login(settings)
        )
    except Exception as exc:
        text = str(exc).strip()
        if "validating the login" in text:
            raise SparkUnreachable(
                f"the Spark Thrift server at {settings.host}:{settings.port} refused the login "
                f"of {settings.user!r}: set SPARKIFY_SPARK_PASSWORD (for the local cluster: "
                'eval "$(sparkify spark env)")'
            ) from None
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
