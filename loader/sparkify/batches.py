"""Land JSON files into a raw jsonb table: one transaction per file or batch of small files."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import psycopg2

from loader.common.bookkeeping import (
    Reject,
    SourceFile,
    forget_files,
    record_loaded,
    record_rejects,
)
from loader.common.connection import transaction
from loader.common.copy_writer import FIELD_SEPARATOR, copy_passthrough
from loader.common.parallel import worker_connection
from loader.common.raw_schema import raw_table

COLUMNS = ("source_file", "line_number", "payload")
# If PostgreSQL refuses a record our checks passed, it is rejected and the batch retried;
# past this many, something is wrong with the whole file and the batch fails.
MAX_SERVER_REJECTS = 100
COPY_LINE = re.compile(r"COPY \S+, line (\d+)")

# read(file, thorough): thorough=False may leave JSON validation to the server (see readers).
Records = Callable[[SourceFile, bool], Iterable[tuple[int, bytes] | Reject]]


@dataclass
class BatchResult:
    rows: dict[str, int] = field(default_factory=dict)
    rejects: dict[str, int] = field(default_factory=dict)
    bytes_read: int = 0


@dataclass(frozen=True)
class Batch:
    source: str
    table: str
    files: tuple[SourceFile, ...]
    read: Records


def load_batch(batch: Batch) -> BatchResult:
    """Replace the batch's files in raw atomically: earlier rows out, new rows and rejects in.

    The first attempt lets PostgreSQL validate the JSON. If it refuses a record, the batch
    is retried with every line checked on the client, so bad lines get a precise reason;
    whatever the server still refuses after that is set aside line by line.
    """
    conn = worker_connection()
    excluded: dict[tuple[str, int], str] = {}
    thorough = False
    while True:
        try:
            with transaction(conn) as cur:
                return _land(cur, batch, excluded, thorough)
        except psycopg2.DataError as exc:
            if not thorough:
                thorough = True
                continue
            position = _failed_copy_line(exc)
            if position is None or len(excluded) >= MAX_SERVER_REJECTS:
                raise
            excluded[_locate(batch, excluded, position)] = _server_reason(exc)


def _land(cur, batch: Batch, excluded: dict[tuple[str, int], str], thorough: bool) -> BatchResult:
    cur.execute("set local synchronous_commit = off")
    forget_files(
        cur, batch.source, batch.table, [f.name for f in batch.files if f.previously_loaded]
    )
    result = BatchResult()
    rejects: dict[str, list[Reject]] = {f.name: [] for f in batch.files}
    rows = _framed_rows(batch, excluded, rejects, result, thorough)
    copy_passthrough(cur, raw_table(batch.table), COLUMNS, rows)
    for name, file_rejects in rejects.items():
        record_rejects(cur, batch.source, name, file_rejects)
        result.rejects[name] = len(file_rejects)
    record_loaded(cur, batch.source, batch.files, result.rows, result.rejects)
    return result


def _framed_rows(
    batch: Batch,
    excluded: dict[tuple[str, int], str],
    rejects: dict[str, list[Reject]],
    result: BatchResult,
    thorough: bool,
) -> Iterator[bytes]:
    for source_file in batch.files:
        name = source_file.name
        prefix = name.encode("utf-8") + FIELD_SEPARATOR
        file_rejects = rejects[name]
        count = 0
        for record in batch.read(source_file, thorough):
            if isinstance(record, Reject):
                file_rejects.append(record)
                continue
            number, payload = record
            if excluded and (name, number) in excluded:
                file_rejects.append(Reject(number, excluded[(name, number)], payload))
                continue
            count += 1
            yield b"%s%d\x02%s\n" % (prefix, number, payload)
        result.rows[name] = count
        result.bytes_read += source_file.size_bytes


def _locate(batch: Batch, excluded: dict[tuple[str, int], str], copy_line: int) -> tuple[str, int]:
    """Map COPY's n-th row back to its file and line by replaying the same (thorough) reading."""
    seen = 0
    for source_file in batch.files:
        for record in batch.read(source_file, True):
            if isinstance(record, Reject) or (source_file.name, record[0]) in excluded:
                continue
            seen += 1
            if seen == copy_line:
                return source_file.name, record[0]
    raise LookupError(f"COPY line {copy_line} is past the end of the batch")


def _failed_copy_line(exc: psycopg2.Error) -> int | None:
    match = COPY_LINE.search(exc.diag.context or "")
    return int(match.group(1)) if match else None


def _server_reason(exc: psycopg2.Error) -> str:
    return f"refused by PostgreSQL: {exc.diag.message_primary or str(exc).strip()}"


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
