"""The load manifest (which files are landed, by content) and the rejects ledger."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from psycopg2 import sql
from psycopg2.extras import execute_values

from loader.common.copy_writer import copy_records
from loader.common.raw_schema import raw_table

MAX_REJECT_CHARS = 65536


@dataclass(frozen=True)
class SourceFile:
    """A file to land: `name` is its path relative to the data directory, as stored in raw."""

    name: str
    path: Path
    size_bytes: int
    modified_ns: int
    content_hash: str = ""
    previously_loaded: bool = False


@dataclass(frozen=True)
class Reject:
    line_number: int | None
    reason: str
    raw_line: bytes | str | None = None


def content_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=20)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def plan_files(cur, source: str, files: Iterable[tuple[str, Path]]) -> list[SourceFile]:
    """Return the files that are new or whose content changed since they were landed.

    Size and modification time decide cheaply; when they differ the content hash decides,
    so regenerating identical files does not reload them.
    """
    cur.execute(
        "select source_file, size_bytes, modified_ns, content_hash from raw.load_manifest "
        "where source = %s",
        (source,),
    )
    landed = {row[0]: row[1:] for row in cur.fetchall()}
    todo: list[SourceFile] = []
    touched: list[tuple[int, str, str]] = []
    for name, path in files:
        stat = path.stat()
        previous = landed.get(name)
        if previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
            continue
        digest = content_hash(path)
        if previous and previous[2] == digest:
            touched.append((stat.st_mtime_ns, source, name))
            continue
        todo.append(
            SourceFile(name, path, stat.st_size, stat.st_mtime_ns, digest, previous is not None)
        )
    if touched:
        execute_values(
            cur,
            "update raw.load_manifest as m set modified_ns = v.modified_ns "
            "from (values %s) as v (modified_ns, source, source_file) "
            "where m.source = v.source and m.source_file = v.source_file",
            touched,
        )
    return todo


def forget_files(cur, source: str, table: str, names: Sequence[str]) -> None:
    """Remove earlier rows and rejects of files about to be landed again."""
    if not names:
        return
    cur.execute(
        sql.SQL("delete from {} where source_file = any(%s)").format(raw_table(table)),
        (list(names),),
    )
    cur.execute(
        "delete from raw.load_rejects where source = %s and source_file = any(%s)",
        (source, list(names)),
    )


def record_rejects(cur, source: str, source_file: str, rejects: Sequence[Reject]) -> None:
    if not rejects:
        return
    copy_records(
        cur,
        raw_table("load_rejects"),
        ("source", "source_file", "line_number", "reason", "raw_line"),
        ((source, source_file, r.line_number, r.reason, printable(r.raw_line)) for r in rejects),
    )


def record_loaded(
    cur, source: str, files: Sequence[SourceFile], rows: dict[str, int], rejects: dict[str, int]
) -> None:
    execute_values(
        cur,
        "insert into raw.load_manifest (source, source_file, size_bytes, modified_ns, "
        "content_hash, rows_loaded, rows_rejected) values %s "
        "on conflict (source, source_file) do update set size_bytes = excluded.size_bytes, "
        "modified_ns = excluded.modified_ns, content_hash = excluded.content_hash, "
        "rows_loaded = excluded.rows_loaded, rows_rejected = excluded.rows_rejected, "
        "loaded_at = now()",
        [
            (
                source,
                f.name,
                f.size_bytes,
                f.modified_ns,
                f.content_hash,
                rows.get(f.name, 0),
                rejects.get(f.name, 0),
            )
            for f in files
        ],
    )


def outstanding_rejects(cur, source: str, names: Sequence[str]) -> list[tuple[str, int]]:
    """Rejects still on record for these files, whether from this run or an earlier one."""
    cur.execute(
        "select source_file, count(*) from raw.load_rejects "
        "where source = %s and source_file = any(%s) group by 1 order by 1",
        (source, list(names)),
    )
    return cur.fetchall()


def printable(raw: bytes | str | None) -> str | None:
    """Text that PostgreSQL accepts: undecodable bytes and NULs shown as escapes."""
    if raw is None:
        return None
    text = raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else raw
    return text.replace("\x00", "\\x00")[:MAX_REJECT_CHARS]
