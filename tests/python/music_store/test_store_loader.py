"""The music-store loader against a real PostgreSQL: counts, rejects with line numbers,
idempotence, missing and optional tables, parent changes, and Chinook-style files."""

from __future__ import annotations

import csv
import shutil

import pytest

from loader.common.load_report import EXIT_OK, EXIT_REJECTS
from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from loader.music_store.schema import TABLES
from tests.python.helpers import cli, query

SIZES = dict(customers=8, tracks=60, invoices=30, listens=300)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    generate_music_store(out, seed=5, **SIZES)
    return out


@pytest.fixture
def store(generated, tmp_path):
    """A private copy of the small store that a test may edit."""
    return shutil.copytree(generated, tmp_path / "store")


def _rows(path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _counts(db) -> dict[str, int]:
    return {
        spec.name: query(db, f"select count(*) from raw.{spec.source}")[0][0] for spec in TABLES
    }


def _csv_counts(store) -> dict[str, int]:
    return {spec.name: len(_rows(store / spec.file_name)) - 1 for spec in TABLES}


def test_loads_every_row_and_a_rerun_changes_nothing(store, clean_db, db):
    report = load_music_store(store, clean_db)
    assert report.exit_code == EXIT_OK
    assert _counts(db) == _csv_counts(store)
    stamp = query(db, "select max(loaded_at) from raw.music_store_invoice_line")[0][0]

    again = load_music_store(store, clean_db)
    assert again.exit_code == EXIT_OK
    assert sum(s.files_loaded for s in again.sources) == 0
    assert _counts(db) == _csv_counts(store)
    assert query(db, "select max(loaded_at) from raw.music_store_invoice_line")[0][0] == stamp


def test_bad_type_and_dangling_key_are_rejected_with_line_numbers(store, clean_db, db):
    path = store / "invoice_line.csv"
    rows = _rows(path)
    rows[4][4] = "one"  # file line 5: quantity is not an integer
    rows[9][2] = "999999"  # file line 10: no such track
    _write(path, rows)

    result = cli(clean_db, "load", "music-store", str(store))
    assert result.returncode == EXIT_REJECTS, result.stderr
    assert "rejected" in result.stdout
    assert _counts(db)["invoice_line"] == len(rows) - 1 - 2
    rejects = query(
        db,
        "select source, source_file, line_number, reason, raw_line from raw.load_rejects "
        "order by line_number",
    )
    assert [r[:3] for r in rejects] == [
        ("music_store_invoice_line", "invoice_line.csv", 5),
        ("music_store_invoice_line", "invoice_line.csv", 10),
    ]
    assert rejects[0][3] == "quantity: not an integer: 'one'"
    assert rejects[1][3] == "dangling foreign key: track_id=999999 not found in track.track_id"
    assert rejects[0][4] == ",".join(rows[4])

    # A rerun lands the same rows and keeps the same two rejects, not four.
    again = load_music_store(store, clean_db)
    assert again.exit_code == EXIT_REJECTS
    assert query(db, "select count(*) from raw.load_rejects")[0][0] == 2
    assert _counts(db)["invoice_line"] == len(rows) - 3


def test_wrong_field_count_duplicate_key_and_orphaned_report(store, clean_db, db):
    lines = _rows(store / "invoice_line.csv")
    lines[2].append("extra")  # line 3: six fields
    lines.append(list(lines[5]))  # last line repeats the key on line 6
    _write(store / "invoice_line.csv", lines)
    employees = _rows(store / "employee.csv")
    it_manager = next(i for i, r in enumerate(employees) if r[3] == "IT Manager")
    employees[it_manager][5] = "1962-02-30 00:00:00"  # no such day: rejected
    _write(store / "employee.csv", employees)

    report = load_music_store(store, clean_db)
    assert report.exit_code == EXIT_REJECTS
    rejects = query(
        db, "select source_file, line_number, reason from raw.load_rejects order by 1, 2"
    )
    staff = [i + 1 for i, r in enumerate(employees) if r[3] == "IT Staff"]
    assert rejects == [
        ("employee.csv", it_manager + 1,
         "birth_date: not a timestamp (YYYY-MM-DD HH:MM:SS): '1962-02-30 00:00:00'"),
        *[
            ("employee.csv", line, "dangling foreign key: reports_to=3 not found in "
             "employee.employee_id")
            for line in staff
        ],
        ("invoice_line.csv", 3, "expected 5 fields, found 6"),
        ("invoice_line.csv", len(lines),
         f"duplicate key (invoice_line_id)=({lines[5][0]}) repeats line 6"),
    ]  # fmt: skip


def test_missing_required_table_is_a_clear_error(store, clean_db):
    (store / "invoice.csv").unlink()
    (store / "genre.csv").unlink()
    with pytest.raises(FileNotFoundError, match="genre, invoice"):
        load_music_store(store, clean_db)
    result = cli(clean_db, "load", "music-store", str(store))
    assert result.returncode == 1
    assert "required music-store table(s) missing" in result.stderr
    assert "invoice.csv" in result.stderr


def test_optional_tables_may_be_missing_and_are_created_empty(store, clean_db, db):
    (store / "listening_history.csv").unlink()
    (store / "artist_track.csv").unlink()
    report = load_music_store(store, clean_db)
    assert report.exit_code == EXIT_OK
    counts = _counts(db)
    assert counts["listening_history"] == counts["artist_track"] == 0
    assert counts["invoice_line"] > 0


def test_a_removed_optional_file_empties_its_table(store, clean_db, db):
    load_music_store(store, clean_db)
    (store / "listening_history.csv").unlink()
    load_music_store(store, clean_db)
    assert _counts(db)["listening_history"] == 0


def test_a_changed_parent_reloads_its_children_consistently(store, clean_db, db):
    load_music_store(store, clean_db)
    tracks = _rows(store / "track.csv")
    sold = {r[2] for r in _rows(store / "invoice_line.csv")[1:]}
    gone = next(r for r in tracks[1:] if r[0] in sold)
    _write(store / "track.csv", [r for r in tracks if r is not gone])

    report = load_music_store(store, clean_db)
    reloaded = {s.source for s in report.sources if s.files_loaded}
    assert {"music_store_track", "music_store_invoice_line", "music_store_playlist_track"} <= (
        reloaded
    )
    assert "music_store_invoice" not in reloaded
    assert query(db, "select count(*) from raw.music_store_track")[0][0] == len(tracks) - 2
    orphans = query(
        db,
        "select count(*) from raw.load_rejects where source = 'music_store_invoice_line' "
        "and reason like %s",
        (f"%track_id={gone[0]} not found%",),
    )[0][0]
    assert orphans == sum(1 for r in _rows(store / "invoice_line.csv")[1:] if r[2] == gone[0])
    # The foreign keys are back and valid.
    fks = query(
        db,
        "select count(*) from pg_constraint where contype = 'f' and convalidated "
        "and conrelid::regclass::text like 'raw.music_store_%'",
    )[0][0]
    assert fks == sum(len(spec.foreign_keys) for spec in TABLES)


def test_header_that_does_not_match_is_an_error_naming_the_file(store, clean_db):
    rows = _rows(store / "genre.csv")
    rows[0] = ["genre_id", "genre_name"]
    _write(store / "genre.csv", rows)
    with pytest.raises(ValueError, match=r"genre\.csv: header does not match table genre"):
        load_music_store(store, clean_db)


def _pascal(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _write_crlf(path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def test_chinook_style_files_load(store, clean_db, db):
    """PascalCase file and column names, a byte-order mark, CRLF line ends, columns in
    another order, and quoted fields spanning two lines (before a bad row, whose line
    number must count them)."""
    for spec in TABLES:
        path = store / spec.file_name
        rows = _rows(path)
        rows[0] = [_pascal(c) for c in rows[0]]
        path.unlink()
        target = store / f"{_pascal(spec.name)}.csv"
        with target.open("w", newline="", encoding="utf-8-sig") as handle:  # with a BOM
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    customers = _rows(store / "Customer.csv")
    customers[1][4] = "Rua Dr. Falcão Filho, 155\r\nsecond line"
    _write_crlf(store / "Customer.csv", [list(reversed(r)) for r in customers])
    listens = _rows(store / "ListeningHistory.csv")
    listens[1][5] = "mobile\r\n(shared)"  # spans file lines 2-3
    listens[3][4] = "12.5s"  # file line 5: not an integer
    _write_crlf(store / "ListeningHistory.csv", listens)

    report = load_music_store(store, clean_db)
    assert report.exit_code == EXIT_REJECTS
    assert query(db, "select source_file, line_number, reason from raw.load_rejects") == [
        ("ListeningHistory.csv", 5, "ms_played: not an integer: '12.5s'")
    ]
    assert query(db, "select address from raw.music_store_customer where customer_id = 1") == [
        ("Rua Dr. Falcão Filho, 155\r\nsecond line",)
    ]
    assert _counts(db)["track"] == SIZES["tracks"]


def test_domain_checks_reject_negative_quantities_and_prices(store, clean_db, db):
    path = store / "invoice_line.csv"
    rows = _rows(path)
    rows[1][4] = "-2"  # file line 2: a negative quantity
    rows[2][4] = "0"  # line 3: nothing bought
    rows[3][3] = "-0.99"  # line 4: a negative price
    _write(path, rows)
    invoices = _rows(store / "invoice.csv")
    invoices[1][-1] = "-5.00"  # line 2 of invoice.csv: a negative total
    _write(store / "invoice.csv", invoices)

    result = cli(clean_db, "load", "music-store", str(store))
    assert result.returncode == EXIT_REJECTS, result.stderr
    rejects = query(
        db, "select source_file, line_number, reason from raw.load_rejects order by 1, 2"
    )
    by_place = {(name, line): reason for name, line, reason in rejects}
    assert by_place[("invoice_line.csv", 2)] == "quantity: must be at least 1, found -2"
    assert by_place[("invoice_line.csv", 3)] == "quantity: must be at least 1, found 0"
    assert by_place[("invoice_line.csv", 4)] == "unit_price: must be at least 0, found -0.99"
    assert by_place[("invoice.csv", 2)] == "total: must be at least 0, found -5.00"
    assert query(db, "select count(*) from raw.music_store_invoice_line where quantity < 1") == [
        (0,)
    ]
