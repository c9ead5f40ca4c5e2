"""Temporary views over exactly the files a load lands, for the cluster to read.

Spark reads files by Hadoop path patterns, in which `[`, `{`, `*`, `?`, `,` and `\\` are
pattern characters. Plain names are listed together in one `{a,b,...}` pattern per chunk;
any other name is escaped and read through a view of its own, so every file is read as
itself, whatever it is called. The data directory itself is always escaped (`data[1]/`).

Matching many names against one pattern is slow (Hadoop expands a brace group into one glob
per name), so a load that reads every file of a folder (the songs) reads by wildcards per
depth instead and keeps exactly its names by a filter.
"""

from __future__ import annotations

import re
from pathlib import Path

from loader.spark.sql import json_strings, literal

PLAIN_NAME = re.compile(r"[A-Za-z0-9._/ =+@#-]+")
PATTERN_CHARACTERS = "\\[]{}*?,"
FILES_PER_PATTERN = 500


def escape(path: str) -> str:
    return "".join("\\" + ch if ch in PATTERN_CHARACTERS else ch for ch in path)


def patterns(root: Path, names: list[str]) -> list[str]:
    """Path patterns that match exactly root/name for each name."""
    plain = [name for name in names if PLAIN_NAME.fullmatch(name)]
    odd = [name for name in names if not PLAIN_NAME.fullmatch(name)]
    found = [escape(str(root / name)) for name in odd]
    base = escape(str(root))
    for start in range(0, len(plain), FILES_PER_PATTERN):
        chunk = plain[start : start + FILES_PER_PATTERN]
        found.append(f"{base}/{chunk[0]}" if len(chunk) == 1 else f"{base}/{{{','.join(chunk)}}}")
    return found


def wildcards(root: Path, names: list[str]) -> list[str]:
    """One pattern per folder and depth that matches (at least) these names."""
    return [f"{escape(str(root))}/{shape}" for shape in sorted({_wildcard(n) for n in names})]


def create_file_view(spark, view: str, root: Path, names: list[str], options: str) -> None:
    """`view` reads these files under root with the `text` source and these options, as
    (value, file_uri)."""
    _union_view(spark, view, patterns(root, names), options)


def create_everything_view(spark, view: str, root: Path, names: list[str], options: str) -> None:
    """As create_file_view, for names that are (nearly) every file of their folders: one
    wildcard pattern per folder and depth, then exactly these names."""
    _union_view(
        spark, view, wildcards(root, names), options,
        where=f"{relative_name(root)} in {json_strings(names)}",
    )  # fmt: skip


def content_hashes(spark, root: Path, names: list[str], everything: bool) -> dict[str, str]:
    """Each file's `sha256:<hex>` over its bytes, exactly as the PostgreSQL loader records it
    (loader/common/bookkeeping.py), computed by the executors (the `binaryFile` source reads
    each file whole, so a file must be under 2 GB). `everything`: read as
    create_everything_view does."""
    if not names:
        return {}
    paths = wildcards(root, names) if everything else patterns(root, names)
    where = f"{relative_name(root)} in {json_strings(names)}" if everything else ""
    _union_view(spark, "file_bytes", paths, "", where, source="binaryFile", column="content")
    rows = spark.query(f"select {relative_name(root)}, sha2(value, 256) from file_bytes")
    return {name: f"sha256:{digest}" for name, digest in rows}


def _union_view(
    spark,
    view: str,
    paths: list[str],
    options: str,
    where: str = "",
    source: str = "text",
    column: str = "value",
) -> None:
    parts = []
    for number, path in enumerate(paths):
        part = f"{view}_part_{number}"
        spark.execute(
            f"create or replace temporary view {part} using {source} "
            f"options (path {literal(path)}{', ' + options if options else ''})"
        )
        parts.append(f"select {column} as value, input_file_name() as file_uri from {part}")
    if not parts:  # nothing to read: an empty view of the same shape
        parts.append("select cast(null as string) as value, cast(null as string) as file_uri")
        parts[0] += " where false"
    body = " union all ".join(parts)
    if where:
        body = f"select * from ({body}) where {where}"
    spark.execute(f"create or replace temporary view {view} as {body}")


def _wildcard(name: str) -> str:
    """The name's top folder, then `*` for every level below it, keeping its suffix."""
    top, *rest = name.split("/")
    if not rest:
        return escape(top)
    return "/".join([escape(top), *["*"] * (len(rest) - 1), "*" + escape(Path(rest[-1]).suffix)])


def relative_name(root: Path) -> str:
    """SQL for the file's path relative to root, from the URI Spark read it by (`+` is
    literal in such URIs, where url_decode would read a space)."""
    prefix = len(str(root)) + 2
    uri = "replace(regexp_replace(file_uri, '^file:(//)?', ''), '+', '%2B')"
    return f"substring(url_decode({uri}), {prefix})"
