"""Readers for JSON input as real files come: BOMs, CRLF, blank lines, UTF-16, broken records."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

import orjson

from loader.common.bookkeeping import Reject

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# A longer line is rejected unread: a binary file or a missing newline must not take the
# loader's memory with it.
MAX_LINE_BYTES = 16 << 20


def iter_lines(path: Path) -> Iterator[tuple[int, bytes | Reject]]:
    """Yield (line_number, line) with the line ending removed, streaming, as UTF-8 bytes.

    Only LF ends a line; a CR inside a line is part of it. A line longer than
    MAX_LINE_BYTES comes back as a Reject.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith(UTF16_BOMS):
            # Rare, but spreadsheet tools do write it: transcode rather than reject every line.
            text = io.TextIOWrapper(handle, encoding="utf-16", newline="")
            lines: Iterator[bytes] = (line.encode("utf-8") for line in text)
        else:
            lines = iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b"")
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_LINE_BYTES:
                yield number, _too_long(line, lines)
                continue
            if number == 1 and line.startswith(UTF8_BOM):
                line = line[len(UTF8_BOM) :]
            yield number, line.rstrip(b"\r\n")


def _too_long(start: bytes, lines: Iterator[bytes]) -> Reject:
    """Skip the rest of an over-long line (readline hands it over in pieces)."""
    piece = start
    while not piece.endswith(b"\n"):
        piece = next(lines, b"\n")
    return Reject(None, f"line longer than {MAX_LINE_BYTES >> 20} MB (no line break?)", start[:200])


def check_json_object(raw: bytes) -> str | None:
    """Why jsonb would refuse this record, or None when it is a JSON object jsonb accepts."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return f"invalid JSON: {exc}"
    if not isinstance(value, dict):
        return f"not a JSON object: found {type(value).__name__}"
    if b"\\u0000" in raw and _contains_nul(value):
        return r"jsonb cannot store the NUL character (\u0000)"
    return None


def iter_json_lines(path: Path, thorough: bool = True) -> Iterator[tuple[int, bytes] | Reject]:
    """JSON Lines: each non-blank line is one record; bad lines come back as Rejects.

    With `thorough` off, a line shaped like an object (`{...}`) is passed on unparsed and
    PostgreSQL validates it while casting to jsonb; that saves most of the client's CPU, and
    the caller rereads the file thoroughly if the server refuses a record.
    """
    for number, line in iter_lines(path):
        if isinstance(line, Reject):
            yield Reject(number, line.reason, line.raw_line)
            continue
        if not thorough and line.startswith(b"{") and line.endswith(b"}"):
            yield number, line
            continue
        if not line.strip():
            continue
        reason = check_json_object(line)
        if reason is None:
            yield number, line
        else:
            yield Reject(number, reason, line)


def read_json_document(path: Path) -> tuple[int, bytes] | Reject:
    """A file holding one JSON object, possibly pretty-printed: returned on one line."""
    raw = path.read_bytes()
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    elif raw.startswith(UTF16_BOMS):
        raw = raw.decode("utf-16").encode("utf-8")
    reason = check_json_object(raw)
    if reason is not None:
        return Reject(1, reason, raw)
    # Valid JSON has no raw line breaks inside strings, so this keeps the bytes' meaning.
    return 1, raw.replace(b"\r", b" ").replace(b"\n", b" ").strip()


def _contains_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False
