"""`sparkify generate music-store OUT_DIR`: a Chinook-style store as one CSV per table.

Faker names the small entity tables; numpy draws the large activity tables, so a million
invoice lines and a million listens take seconds. The same seed writes the same files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from faker import Faker

from loader.music_store.generate.activity import customer_activity, make_invoices, make_listens
from loader.music_store.generate.catalogue import make_catalogue
from loader.music_store.generate.people import SUPPORT_TITLE, make_customers, make_employees
from loader.music_store.generate.reference import COUNTRIES

# Dependency order: a table's parents come before it.
TABLE_ORDER = (
    "artist",
    "album",
    "genre",
    "media_type",
    "track",
    "playlist",
    "playlist_track",
    "artist_track",
    "employee",
    "customer",
    "invoice",
    "invoice_line",
    "listening_history",
)
MONEY_FORMAT = "%.2f"


def _faker(seed: int) -> Faker:
    locales = sorted({"en_US", "en_CA", *(locale for locale, _, _ in COUNTRIES.values())})
    fake = Faker(locales)
    fake.seed_instance(seed)
    return fake


def generate_music_store(
    out_dir: Path,
    customers: int = 59,
    tracks: int = 3503,
    invoices: int = 412,
    listens: int = 20_000,
    seed: int = 42,
) -> dict[str, int]:
    """Write one CSV per table into `out_dir`; return the rows written per table."""
    rng = np.random.default_rng(seed)
    fake = _faker(seed)

    catalogue = make_catalogue(fake["en_US"], rng, tracks)
    employee = make_employees(fake, customers)
    agents = employee.loc[employee["title"] == SUPPORT_TITLE, "employee_id"].to_numpy()
    customer = make_customers(fake, rng, customers, agents)
    activity = customer_activity(rng, customers)
    listening_history = make_listens(rng, catalogue, activity, listens)
    invoice, invoice_line = make_invoices(
        rng, catalogue, customer, activity, listening_history, invoices
    )

    tables: dict[str, pd.DataFrame] = {
        **catalogue.tables,
        "employee": employee,
        "customer": customer,
        "invoice": invoice,
        "invoice_line": invoice_line,
        "listening_history": listening_history,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name in TABLE_ORDER:
        frame = tables[name]
        frame.to_csv(
            out_dir / f"{name}.csv", index=False, encoding="utf-8", float_format=MONEY_FORMAT
        )
        counts[name] = len(frame)
    return counts
