"""Stream rows into `COPY ... FROM STDIN` through psycopg2's copy_expert, in bounded memory."""

from __future__ import annotations

import csv
import io
import signal
import struct
import threading
from collections.abc import Iterable, Iterator, Sequence

import psycopg2
from psycopg2 import sql

# Raw JSON goes through COPY's binary format: every field is sent with its length, so no
# byte of a record or of a file name (newlines, CR, control characters, backslashes) can
# split, merge or forge a row, and the bytes reach jsonb untouched (`\/`, `\"`, `\u00e9`).
BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
BINARY_TRAILER = struct.pack(">h", -1)
_JSONB_ROW_TAIL = struct.Struct(">qib")  # line number; payload length + 1; jsonb version 1

CHUNK_BYTES = 1 << 20


class IteratorReader(io.RawIOBase):
    """A read-only file over an iterator of byte strings, as copy_expert wants."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = b""
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            while size < 0 or len(self._pending) < size:
                try:
                    self._pending += next(self._chunks)
                except StopIteration:
                    break
            if size < 0:
                out, self._pending = self._pending, b""
            else:
                out, self._pending = self._pending[:size], self._pending[size:]
            return out
        except BaseException as exc:  # Ctrl-C or a reader error: kept for _copy to raise
            self.error = exc
            raise


def _copy(cur, statement: sql.Composable, reader: IteratorReader) -> int:
    """Run the COPY; if it was interrupted or our reader failed, raise that instead.

    psycopg2 reports any exception raised while it reads (Ctrl-C included) as a generic
    "error in .read() call", sometimes dropping the original; a handler notes Ctrl-C.
    """
    interrupted = []

    def on_interrupt(signum, frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    # Only where Ctrl-C is ours to notice: a worker process ignores SIGINT (its parent
    # stops it), and must go on ignoring it here.
    watch = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    )
    previous = signal.signal(signal.SIGINT, on_interrupt) if watch else None
    try:
        cur.copy_expert(statement, reader, size=CHUNK_BYTES)
    except psycopg2.Error:
        if interrupted:
            raise KeyboardInterrupt from None
        if reader.error is not None:
            raise reader.error from None
        raise
    finally:
        if watch:
            signal.signal(signal.SIGINT, previous)
    return cur.rowcount


def batched_lines(lines: Iterable[bytes], chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Join encoded COPY rows into chunks of about `chunk_bytes`."""
    buffer: list[bytes] = []
    size = 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def json_row_prefix(source_file: str) -> bytes:
    """The start of every binary row of one file: 3 fields, then the file's name, then the
    length of the line number (8 bytes). Raises UnicodeEncodeError for a name that is not
    UTF-8 (PostgreSQL's text could not hold it)."""
    name = source_file.encode("utf-8")
    return struct.pack(">hi", 3, len(name)) + name + struct.pack(">i", 8)


def json_row(prefix: bytes, line_number: int, payload: bytes) -> bytes:
    """One (source_file, line_number, payload jsonb) row in COPY's binary format."""
    return prefix + _JSONB_ROW_TAIL.pack(line_number, len(payload) + 1, 1) + payload


def copy_binary(cur, table: sql.Composable, columns: Sequence[str], rows: Iterable[bytes]) -> int:
    """COPY rows already encoded in the binary format (see json_row). Returns rows written."""
    statement = sql.SQL("copy {} ({}) from stdin with (format binary)").format(
        table, sql.SQL(", ").join(map(sql.Identifier, columns))
    )

    def framed() -> Iterator[bytes]:
        yield BINARY_HEADER
        yield from rows
        yield BINARY_TRAILER

    return _copy(cur, statement, IteratorReader(batched_lines(framed())))


def copy_records(
    cur, table: sql.Composable, columns: Sequence[str], records: Iterable[Sequence[object]]
) -> int:
    """COPY Python values through standard CSV quoting; None becomes NULL."""

    def encoded() -> Iterator[bytes]:
        buffer = io.StringIO()
        # CRLF ends a record, so the writer quotes any field holding CR or LF: COPY reads
        # a bare CR as the end of a line.
        writer = csv.writer(buffer, lineterminator="\r\n")
        for record in records:
            writer.writerow(["" if value is None else value for value in record])
            if buffer.tell() >= CHUNK_BYTES:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    # An unquoted empty field is NULL in COPY's CSV format, and csv.writer writes None as one.
    statement = sql.SQL("copy {} ({}) from stdin with (format csv)").format(
        table, sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    return _copy(cur, statement, IteratorReader(encoded()))


def copy_csv_file(cur, table: sql.Composable, columns: Sequence[str], path) -> int:
    """COPY a UTF-8 CSV file with a header row as it is, streamed from disk in chunks.

    `columns` name the table's columns in the file's order. Returns the rows written.
    """
    statement = sql.SQL(
        "copy {} ({}) from stdin with (format csv, header true, encoding 'UTF8')"
    ).format(table, sql.SQL(", ").join(map(sql.Identifier, columns)))
    with open(path, "rb") as handle:
        cur.copy_expert(statement, handle, size=CHUNK_BYTES)
    return cur.rowcount
