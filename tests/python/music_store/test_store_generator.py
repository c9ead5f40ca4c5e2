"""The music-store generator's invariants, checked on a small store (no database needed)."""

from __future__ import annotations

import filecmp
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loader.music_store.generate import TABLE_ORDER, generate_music_store
from loader.music_store.generate.reference import COUNTRIES
from loader.music_store.schema import BY_NAME, TABLES

SIZES = dict(customers=15, tracks=300, invoices=120, listens=4000)


@dataclass(frozen=True)
class Store:
    """A generated store: its folder, rows written per table, and each CSV read back."""

    out: Path
    counts: dict[str, int]
    frames: dict[str, pd.DataFrame]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    out = tmp_path_factory.mktemp("store")
    counts = generate_music_store(out, seed=11, **SIZES)
    frames = {
        name: pd.read_csv(out / f"{name}.csv", keep_default_na=False, na_values=[""])
        for name in TABLE_ORDER
    }
    return Store(out, counts, frames)


def test_one_csv_per_table_with_the_raw_tables_columns(store):
    assert sorted(p.name for p in store.out.iterdir()) == sorted(f"{t}.csv" for t in TABLE_ORDER)
    for spec in TABLES:
        assert tuple(store.frames[spec.name].columns) == spec.column_names
        assert store.counts[spec.name] == len(store.frames[spec.name])
    assert store.counts["customer"] == SIZES["customers"]
    assert store.counts["track"] == SIZES["tracks"]
    assert store.counts["invoice"] == SIZES["invoices"]
    assert store.counts["listening_history"] == SIZES["listens"]


def test_same_seed_same_files_and_another_seed_differs(store, tmp_path):
    generate_music_store(tmp_path / "again", seed=11, **SIZES)
    generate_music_store(tmp_path / "other", seed=12, **SIZES)
    names = [f"{t}.csv" for t in TABLE_ORDER]
    match, mismatch, errors = filecmp.cmpfiles(store.out, tmp_path / "again", names, shallow=False)
    assert (mismatch, errors) == ([], [])
    _, mismatch, _ = filecmp.cmpfiles(store.out, tmp_path / "other", names, shallow=False)
    assert "invoice_line.csv" in mismatch and "customer.csv" in mismatch


def test_keys_are_unique_and_every_foreign_key_resolves(store):
    for spec in TABLES:
        frame = store.frames[spec.name]
        assert not frame.duplicated(list(spec.primary_key)).any(), spec.name
        for fk in spec.foreign_keys:
            values = frame[fk.column].dropna()
            parents = set(store.frames[fk.parent][fk.parent_column])
            assert set(values) <= parents, f"{spec.name}.{fk.column}"


def test_one_top_manager_and_customers_served_by_support_agents(store):
    employees = store.frames["employee"]
    assert employees["reports_to"].isna().sum() == 1
    agents = set(employees.loc[employees["title"] == "Sales Support Agent", "employee_id"])
    assert agents
    assert set(store.frames["customer"]["support_rep_id"]) <= agents


def test_invoice_totals_equal_the_sum_of_their_lines(store):
    lines = store.frames["invoice_line"]
    cents = (lines["unit_price"] * 100).round().astype(int) * lines["quantity"]
    by_invoice = cents.groupby(lines["invoice_id"]).sum()
    totals = (store.frames["invoice"].set_index("invoice_id")["total"] * 100).round().astype(int)
    assert (by_invoice.reindex(totals.index, fill_value=0) == totals).all()
    assert lines["invoice_id"].nunique() == len(totals)  # every invoice has a line


def test_artist_track_covers_each_albums_own_artist(store):
    own = store.frames["track"].merge(store.frames["album"], on="album_id")[
        ["artist_id", "track_id"]
    ]
    links = store.frames["artist_track"]
    primary = links[links["role"] == "primary"][["artist_id", "track_id"]]
    assert len(own.merge(primary)) == len(own) == len(store.frames["track"])
    assert (links["role"] != "primary").any()  # some contributors too


def test_listens_favour_popular_tracks_and_purchases_follow_listens(store):
    listens = store.frames["listening_history"]
    plays = listens["track_id"].value_counts()
    top_tenth = plays.head(len(store.frames["track"]) // 10).sum()
    assert top_tenth / len(listens) > 0.4
    lines = store.frames["invoice_line"].merge(
        store.frames["invoice"][["invoice_id", "customer_id"]]
    )
    heard = set(zip(listens["customer_id"], listens["track_id"], strict=True))
    bought_heard = np.mean(
        [pair in heard for pair in zip(lines["customer_id"], lines["track_id"], strict=True)]
    )
    assert bought_heard > 0.5
    assert (listens["ms_played"] <= listens.merge(store.frames["track"])["milliseconds"]).all()


def test_countries_and_cities_are_real_pairs(store):
    customers = store.frames["customer"]
    for country, city in zip(customers["country"], customers["city"], strict=True):
        assert city in {c for c, _ in COUNTRIES[country][2]}, (country, city)
    invoices = store.frames["invoice"].merge(customers, on="customer_id")
    assert (invoices["billing_city"] == invoices["city"]).all()


def test_money_has_two_decimals_in_the_files(store):
    header, first = (store.out / "invoice_line.csv").read_text().splitlines()[:2]
    assert header.split(",")[3] == "unit_price"
    assert first.split(",")[3] in {"0.99", "1.99"}
    assert BY_NAME["invoice_line"].column("unit_price").kind == "money"
