"""Land one store CSV into its raw table, inside the caller's transaction.

1. COPY the file as it is into a temporary all-text table (one row per record).
2. Check types, required values, foreign keys and duplicate keys in SQL, set-based.
3. Move the good records with one INSERT ... SELECT and the bad ones to raw.load_rejects,
   with their line number and every reason found.

A record with the wrong number of fields (or bytes that are not UTF-8) makes COPY refuse
the whole file. Only then is the file read again in Python, record by record, to set
those records aside; well-formed files never pay for that.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

import psycopg2
from psycopg2 import sql

from loader.common.bookkeeping import Reject, record_rejects
from loader.common.copy_writer import copy_csv_file, copy_records
from loader.music_store.checks import create_bad, create_checked, csv_line
from loader.music_store.files import StoreFile


def load_table(cur, store_file: StoreFile) -> tuple[int, int]:
    """Append the file's good records to its (emptied) raw table. Returns (rows, rejects)."""
    spec = store_file.spec
    text = sql.Identifier(f"incoming_{spec.name}")
    checked = sql.Identifier(f"checked_{spec.name}")
    bad = sql.Identifier(f"bad_{spec.name}")
    columns = list(store_file.columns)
    cur.execute(
        sql.SQL(
            "create temp table {} (ordinal bigint generated always as identity, "
            "line_number bigint, {}) on commit drop"
        ).format(
            text, sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in columns)
        )
    )
    malformed = _copy_text(cur, store_file, text)
    _cast(cur, spec, text, checked)
    cur.execute(sql.SQL("analyze {}").format(checked))  # temp tables get no autovacuum stats
    create_bad(cur, spec, checked, bad)
    names = sql.SQL(", ").join(map(sql.Identifier, spec.column_names))
    cur.execute(
        sql.SQL(
            "insert into {target} ({names}) select {names} from {checked} as c "
            "where not exists (select 1 from {bad} as b where b.ordinal = c.ordinal) "
            "order by c.ordinal"
        ).format(target=spec.relation, names=names, checked=checked, bad=bad)
    )
    rows = cur.rowcount
    cur.execute(
        sql.SQL(
            "insert into raw.load_rejects (source, source_file, line_number, reason, raw_line) "
            "select %s, %s, c.line_number, b.reason, {line} from {bad} as b "
            "join {checked} as c on c.ordinal = b.ordinal "
            "join {text} as t on t.ordinal = b.ordinal"
        ).format(line=csv_line(columns, "t"), bad=bad, checked=checked, text=text),
        (spec.source, store_file.name),
    )
    rejects = cur.rowcount
    record_rejects(cur, spec.source, store_file.name, malformed)
    cur.execute(sql.SQL("drop table {}, {}, {}").format(text, checked, bad))
    return rows, rejects + len(malformed)


def _cast(cur, spec, text: sql.Identifier, checked: sql.Identifier) -> None:
    """Cast the whole file at once; if a value refuses, check value by value instead."""
    cur.execute("savepoint cast_all")
    try:
        create_checked(cur, spec, text, checked, check_casts=False, has_input_check=False)
    except psycopg2.DataError:
        cur.execute("rollback to savepoint cast_all")
        has_input_check = cur.connection.server_version >= 160000
        create_checked(cur, spec, text, checked, check_casts=True, has_input_check=has_input_check)


def _copy_text(cur, store_file: StoreFile, text: sql.Identifier) -> list[Reject]:
    """Fill the text table; return the records that could not even be split into fields."""
    cur.execute("savepoint copy_text")
    try:
        copy_csv_file(cur, text, store_file.columns, store_file.path)
    except psycopg2.DataError:
        cur.execute("rollback to savepoint copy_text")
        malformed: list[Reject] = []
        copy_records(
            cur,
            text,
            ("line_number", *store_file.columns),
            _well_formed(store_file, malformed),
        )
        return malformed
    records = cur.rowcount
    if _newlines(store_file.path) > records + 1:
        _number_lines_after_multiline_fields(cur, store_file, text)
    return []


def _newlines(path) -> int:
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _number_lines_after_multiline_fields(cur, store_file: StoreFile, text: sql.Identifier):
    """Line number = record number + 1, plus the line breaks inside earlier quoted fields."""
    joined = sql.SQL("concat({})").format(
        sql.SQL(", ").join(map(sql.Identifier, store_file.columns))
    )
    cur.execute(
        sql.SQL(
            "update {text} as t set line_number = s.line_number from ("
            "  select ordinal, ordinal + 1 + coalesce(sum(newlines) over ("
            "    order by ordinal rows between unbounded preceding and 1 preceding), 0)"
            "    as line_number"
            "  from (select ordinal, length({joined}) - length(replace({joined}, e'\\n', ''))"
            "    as newlines from {text}) as counted"
            ") as s where s.ordinal = t.ordinal"
        ).format(text=text, joined=joined)
    )


def _well_formed(store_file: StoreFile, malformed: list[Reject]) -> Iterator[list[object]]:
    """Records with the header's number of fields, as [line_number, *fields]; the others
    go to `malformed`. Only used on a file COPY refused."""
    width = len(store_file.columns)
    with store_file.path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row:
                continue  # a blank line
            raw = ",".join(row)
            if len(row) != width:
                reason = f"expected {width} fields, found {len(row)}"
            elif _has_bad_bytes(raw):
                reason = "not valid UTF-8 (or contains a NUL byte)"
            else:
                yield [line, *row]
                continue
            malformed.append(Reject(line, reason, raw.encode("utf-8", "surrogateescape")))


def _has_bad_bytes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\x00" in text
