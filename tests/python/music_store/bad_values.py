"""One store with bad values, and the reasons both engines must give for them (the wording
is loader/music_store/rules.py's): used by the PostgreSQL and the Spark tests alike."""

from __future__ import annotations

from pathlib import Path

from loader.music_store.generate import generate_music_store


def store_with_bad_values(directory: Path) -> tuple[Path, list[str]]:
    """A generated store whose invoice_line.csv holds a word for a quantity, an amount with
    3 decimals and a repeated key; and the reasons, in line order."""
    generate_music_store(directory, customers=10, tracks=40, invoices=15, listens=40, seed=4)
    path = directory / "invoice_line.csv"
    rows = path.read_text().splitlines()
    header = rows[0].split(",")
    for number, column, value in (1, "quantity", "it's"), (2, "unit_price", "1.234"):
        fields = rows[number].split(",")
        fields[header.index(column)] = value
        rows[number] = ",".join(fields)
    rows.append(rows[3])
    path.write_text("\n".join(rows) + "\n")
    key = rows[3].split(",")[header.index("invoice_line_id")]
    return directory, [
        "quantity: not an integer: 'it''s'",
        "unit_price: not an amount with at most 2 decimals: '1.234'",
        f"duplicate key (invoice_line_id)=({key}) repeats line 4",
    ]
