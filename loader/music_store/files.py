"""Find the store's CSVs in a directory and check their headers against the raw tables.

Names are matched leniently so a real Chinook export loads as it is: `InvoiceLine.csv` or
`invoice_line.csv`, a header of `InvoiceLineId` or `invoice_line_id`, in any order, with or
without a byte-order mark. Anything else (a missing or an unknown column) is an error.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from loader.music_store.schema import BY_NAME, TABLES, TableSpec

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(name: str) -> str:
    """`InvoiceLineId` -> `invoice_line_id`; `invoice_line_id` stays as it is."""
    name = name.strip().lstrip("\ufeff").strip().strip('"')
    return _CAMEL_BOUNDARY.sub("_", name).replace(" ", "_").replace("-", "_").lower()


@dataclass(frozen=True)
class StoreFile:
    spec: TableSpec
    name: str  # as recorded in the manifest and rejects: the file's name in the directory
    path: Path
    columns: tuple[str, ...]  # the table's column names, in the file's order


def find_files(csv_dir: Path) -> dict[str, Path]:
    """Table name -> CSV path for every file in `csv_dir` that names a store table."""
    found: dict[str, Path] = {}
    for path in sorted(csv_dir.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv":
            table = snake(path.stem)
            if table in BY_NAME:
                if table in found:
                    raise ValueError(
                        f"two files for table {table}: {found[table].name}, {path.name}"
                    )
                found[table] = path
    return found


def missing_required(found: dict[str, Path]) -> list[str]:
    return [spec.name for spec in TABLES if spec.required and spec.name not in found]


def read_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            return next(csv.reader(handle), [])
    except OSError as exc:
        raise ValueError(f"{path.name}: could not read the file: {exc.strerror or exc}") from None


def check_header(spec: TableSpec, path: Path) -> StoreFile:
    """The file with its columns in file order, or ValueError saying what does not match."""
    header = [snake(name) for name in read_header(path)]
    expected = spec.column_names
    problems = []
    if not header:
        problems.append("the file is empty (no header row)")
    else:
        missing = [name for name in expected if name not in header]
        unknown = [name for name in header if name not in expected]
        repeated = sorted({name for name in header if header.count(name) > 1})
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unexpected column(s) {', '.join(unknown)}")
        if repeated:
            problems.append(f"repeated column(s) {', '.join(repeated)}")
    if problems:
        raise ValueError(
            f"{path.name}: header does not match table {spec.name} "
            f"({'; '.join(problems)}); expected: {', '.join(expected)}"
        )
    return StoreFile(spec, path.name, path, tuple(header))


def discover(csv_dir: Path) -> dict[str, StoreFile]:
    """Every store CSV in `csv_dir`, headers checked. Raises FileNotFoundError naming any
    missing required table, and ValueError naming every file whose header does not match."""
    if not csv_dir.is_dir():
        raise FileNotFoundError(f"music-store CSV directory not found: {csv_dir}")
    found = find_files(csv_dir)
    missing = missing_required(found)
    if missing:
        expected = ", ".join(f"{name}.csv" for name in missing)
        raise FileNotFoundError(
            f"required music-store table(s) missing from {csv_dir}: {', '.join(missing)} "
            f"(expected {expected})"
        )
    files, errors = {}, []
    for name, path in found.items():
        try:
            files[name] = check_header(BY_NAME[name], path)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValueError("\n".join(errors))
    return files
