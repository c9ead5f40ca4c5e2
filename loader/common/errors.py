"""What went wrong, in one line a user can act on; the traceback goes to the log.

A failure is either about one file (the others still land) or fatal to the whole load
(the server went away, its disk is full, we may not write): a fatal one stops the load.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import psycopg2

# SQLSTATEs that mean the record itself is at fault, not the server: bad data (class 22)
# and JSON nested deeper than the server's stack allows (54001).
RECORD_ERROR_CLASSES = ("22",)
RECORD_ERROR_CODES = ("54001",)

_FATAL_CODES = {
    "53100": (
        "the database server's disk is full",
        "free space on the server, then run the same command again",
    ),
    "53200": ("the database server ran out of memory", "run the same command again"),
    "53300": (
        "the database server accepts no more connections",
        "retry when fewer clients are connected (or raise max_connections)",
    ),
    "57P01": (
        "the database server was shut down during the load",
        "start it, then run the same command again",
    ),
    "57P02": (
        "the database server crashed during the load",
        "check the server, then run the same command again",
    ),
    "57P03": (
        "the database server is starting up or shutting down",
        "wait until it accepts connections, then run the same command again",
    ),
    "42501": ("permission denied", "grant the loading role rights on the raw schema"),
}
_LOST_CONNECTION = (
    "lost the connection to the database server",
    "check that the server runs (sparkify db status), then run the same command again",
)


@dataclass(frozen=True)
class Failure:
    """A failure as the report shows it: picklable, so worker processes can send it."""

    message: str
    fatal: bool = False
    advice: str = ""
    detail: str = ""  # the traceback, for the log
    started: bool = True  # False: the job never began, because the load stopped first

    def line(self, where: str = "") -> str:
        place = f" while landing {where}" if where else ""
        advice = f"; {self.advice}" if self.advice else ""
        return f"{self.message}{place}{advice}"


def is_record_error(exc: BaseException) -> bool:
    """True when PostgreSQL refused a value we sent, so the record can be set aside."""
    code = getattr(exc, "pgcode", None) or ""
    return code.startswith(RECORD_ERROR_CLASSES) or code in RECORD_ERROR_CODES


def describe(exc: BaseException) -> Failure:
    """Classify an exception raised while landing: one clear line, fatal or not."""
    detail = "".join(traceback.format_exception(exc))
    code = getattr(exc, "pgcode", None)
    server_says = _first_line(getattr(getattr(exc, "diag", None), "message_primary", None) or exc)
    if code in _FATAL_CODES:
        message, advice = _FATAL_CODES[code]
        return Failure(f"{message} ({server_says})", True, advice, detail)
    if isinstance(exc, psycopg2.InterfaceError) or (
        isinstance(exc, psycopg2.OperationalError) and (code is None or code.startswith("08"))
    ):
        message, advice = _LOST_CONNECTION
        return Failure(f"{message} ({server_says})", True, advice, detail)
    if isinstance(exc, ConnectionError):
        advice = getattr(exc, "advice", "check the PG* variables or `sparkify db start`")
        return Failure(server_says, True, advice, detail)
    if isinstance(exc, OSError):
        return Failure(f"could not read the file: {exc.strerror or exc}", False, "", detail)
    return Failure(f"{type(exc).__name__}: {server_says}", False, "", detail)


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else type(value).__name__
