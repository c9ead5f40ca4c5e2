"""Land JSON files into a raw jsonb table: one transaction per file or batch of small files."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from loader.common.bookkeeping import (
    Reject,
    SourceFile,
    forget_files,
    record_loaded,
    record_rejects,
    record_unreadable,
)
from loader.common.connection import transaction
from loader.common.copy_writer import copy_binary, json_row, json_row_prefix
from loader.common.errors import is_record_error
from loader.common.parallel import worker_connection
from loader.common.raw_schema import raw_table

COLUMNS = ("source_file", "line_number", "payload")
# If PostgreSQL refuses a record our checks passed, it is rejected and the batch retried;
# past this many, something is wrong with the whole file and the batch fails.
MAX_SERVER_REJECTS = 100
COPY_LINE = re.compile(r"COPY (\S+), line (\d+)")

# read(file, thorough): thorough=False may leave JSON validation to the server (see readers).
Records = Callable[[SourceFile, bool], Iterable[tuple[int, bytes] | Reject]]


@dataclass
class BatchResult:
    rows: dict[str, int] = field(default_factory=dict)
    rejects: dict[str, int] = field(default_factory=dict)
    bytes_read: int = 0
    unreadable: dict[str, str] = field(default_factory=dict)  # name -> reason


@dataclass(frozen=True)
class Batch:
    source: str
    table: str
    files: tuple[SourceFile, ...]
    read: Records


class FileUnreadable(Exception):
    """Reading a file failed part way: its batch is rolled back and the file set aside."""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(f"{name}: could not read the file: {error.strerror or error}")
        self.name = name
        self.reason = f"could not read the file: {error.strerror or error}"


def load_batch(batch: Batch) -> BatchResult:
    """Replace the batch's files in raw atomically: earlier rows out, new rows and rejects in.

    The first attempt lets PostgreSQL validate the JSON. If it refuses a record, the batch
    is retried with every line checked on the client, so bad lines get a precise reason;
    whatever the server still refuses after that is set aside line by line. A file that
    cannot be read is set aside whole, and the batch is landed again without it.
    """
    conn = worker_connection()
    excluded: dict[tuple[str, int], str] = {}
    unreadable: dict[str, str] = {}
    thorough = False
    while True:
        readable = tuple(f for f in batch.files if f.name not in unreadable)
        sent: list[tuple[str, array]] = []
        try:
            with transaction(conn) as cur:
                result = _land(cur, batch, readable, excluded, thorough, sent)
                if unreadable:
                    record_unreadable(cur, batch.source, sorted(unreadable.items()))
                result.unreadable = unreadable
                return result
        except FileUnreadable as exc:
            unreadable[exc.name] = exc.reason
        except Exception as exc:
            if not is_record_error(exc):
                raise
            if not thorough:
                thorough = True
                continue
            position = _failed_copy_line(exc, batch.table)
            if position is None or len(excluded) >= MAX_SERVER_REJECTS:
                raise
            excluded[_locate(sent, position)] = _server_reason(exc)


def _land(
    cur,
    batch: Batch,
    files: tuple[SourceFile, ...],
    excluded: dict[tuple[str, int], str],
    thorough: bool,
    sent: list[tuple[str, array]],
) -> BatchResult:
    cur.execute("set local synchronous_commit = off")
    # An unreadable file keeps what it landed before: its rows are good data we still have.
    forget_files(cur, batch.source, batch.table, [f.name for f in files])
    result = BatchResult()
    rejects: dict[str, list[Reject]] = {f.name: [] for f in files}
    rows = _encoded_rows(batch, files, excluded, rejects, result, thorough, sent)
    copy_binary(cur, raw_table(batch.table), COLUMNS, rows)
    for name, file_rejects in rejects.items():
        record_rejects(cur, batch.source, name, file_rejects)
        result.rejects[name] = len(file_rejects)
    if files:
        record_loaded(cur, batch.source, files, result.rows, result.rejects)
    return result


def _encoded_rows(
    batch: Batch,
    files: tuple[SourceFile, ...],
    excluded: dict[tuple[str, int], str],
    rejects: dict[str, list[Reject]],
    result: BatchResult,
    thorough: bool,
    sent: list[tuple[str, array]],
) -> Iterator[bytes]:
    """Binary COPY rows; `sent` records which line each row was, to name a refused one."""
    for source_file in files:
        name = source_file.name
        prefix = json_row_prefix(name)
        file_rejects = rejects[name]
        numbers = array("q")
        sent.append((name, numbers))
        try:
            for record in batch.read(source_file, thorough):
                if isinstance(record, Reject):
                    file_rejects.append(record)
                    continue
                number, payload = record
                if excluded and (name, number) in excluded:
                    file_rejects.append(Reject(number, excluded[(name, number)], payload))
                    continue
                numbers.append(number)
                yield json_row(prefix, number, payload)
        except OSError as exc:
            raise FileUnreadable(name, exc) from exc
        result.rows[name] = len(numbers)
        result.bytes_read += source_file.size_bytes


def _locate(sent: list[tuple[str, array]], copy_line: int) -> tuple[str, int]:
    """Map COPY's n-th row back to its file and line."""
    seen = 0
    for name, numbers in sent:
        if copy_line <= seen + len(numbers):
            return name, numbers[copy_line - seen - 1]
        seen += len(numbers)
    raise LookupError(f"COPY row {copy_line} is past the end of the batch")


def _failed_copy_line(exc: BaseException, table: str) -> int | None:
    """The row of our COPY into `table` that the server refused, if that is what failed."""
    diag = getattr(exc, "diag", None)
    match = COPY_LINE.search((diag.context if diag else None) or "")
    return int(match.group(2)) if match and match.group(1) == table else None


def _server_reason(exc: BaseException) -> str:
    diag = getattr(exc, "diag", None)
    message = (diag.message_primary if diag else None) or str(exc).strip()
    return f"refused by PostgreSQL: {message}"


def make_batches(
    source: str,
    table: str,
    files: Sequence[SourceFile],
    read: Records,
    max_files: int = 1,
    max_bytes: int = 64 << 20,
) -> list[Batch]:
    """Group files into batches, largest first so two workers finish together."""
    batches: list[Batch] = []
    current: list[SourceFile] = []
    size = 0
    for source_file in sorted(files, key=lambda f: f.size_bytes, reverse=True):
        if current and (len(current) >= max_files or size + source_file.size_bytes > max_bytes):
            batches.append(Batch(source, table, tuple(current), read))
            current, size = [], 0
        current.append(source_file)
        size += source_file.size_bytes
    if current:
        batches.append(Batch(source, table, tuple(current), read))
    return batches
