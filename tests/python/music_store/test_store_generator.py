"""The music-store generator's invariants, checked on a small store (no database needed)."""

from __future__ import annotations

import filecmp

import numpy as np
import pandas as pd
import pytest

from loader.music_store.generate import TABLE_ORDER, generate_music_store
from loader.music_store.generate.reference import COUNTRIES
from loader.music_store.schema import BY_NAME, TABLES

SIZES = dict(customers=15, tracks=300, invoices=120, listens=4000)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("store")
    counts = generate_music_store(out, seed=11, **SIZES)
    frames = {
        name: pd.read_csv(out / f"{name}.csv", keep_default_na=False, na_values=[""])
        for name in TABLE_ORDER
    }
    return out, counts, frames


def test_one_csv_per_table_with_the_raw_tables_columns(store):
    out, counts, frames = store
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in TABLE_ORDER)
    for spec in TABLES:
        assert tuple(frames[spec.name].columns) == spec.column_names
        assert counts[spec.name] == len(frames[spec.name])
    assert counts["customer"] == SIZES["customers"]
    assert counts["track"] == SIZES["tracks"]
    assert counts["invoice"] == SIZES["invoices"]
    assert counts["listening_history"] == SIZES["listens"]


def test_same_seed_same_files_and_another_seed_differs(store, tmp_path):
    out, _, _ = store
    generate_music_store(tmp_path / "again", seed=11, **SIZES)
    generate_music_store(tmp_path / "other", seed=12, **SIZES)
    names = [f"{t}.csv" for t in TABLE_ORDER]
    match, mismatch, errors = filecmp.cmpfiles(out, tmp_path / "again", names, shallow=False)
    assert (mismatch, errors) == ([], [])
    _, mismatch, _ = filecmp.cmpfiles(out, tmp_path / "other", names, shallow=False)
    assert "invoice_line.csv" in mismatch and "customer.csv" in mismatch


def test_keys_are_unique_and_every_foreign_key_resolves(store):
    _, _, frames = store
    for spec in TABLES:
        frame = frames[spec.name]
        assert not frame.duplicated(list(spec.primary_key)).any(), spec.name
        for fk in spec.foreign_keys:
            values = frame[fk.column].dropna()
            parents = set(frames[fk.parent][fk.parent_column])
            assert set(values) <= parents, f"{spec.name}.{fk.column}"


def test_one_top_manager_and_customers_served_by_support_agents(store):
    _, _, frames = store
    employees = frames["employee"]
    assert employees["reports_to"].isna().sum() == 1
    agents = set(employees.loc[employees["title"] == "Sales Support Agent", "employee_id"])
    assert agents
    assert set(frames["customer"]["support_rep_id"]) <= agents


def test_invoice_totals_equal_the_sum_of_their_lines(store):
    _, _, frames = store
    lines = frames["invoice_line"]
    cents = (lines["unit_price"] * 100).round().astype(int) * lines["quantity"]
    by_invoice = cents.groupby(lines["invoice_id"]).sum()
    totals = (frames["invoice"].set_index("invoice_id")["total"] * 100).round().astype(int)
    assert (by_invoice.reindex(totals.index, fill_value=0) == totals).all()
    assert lines["invoice_id"].nunique() == len(totals)  # every invoice has a line


def test_artist_track_covers_each_albums_own_artist(store):
    _, _, frames = store
    own = frames["track"].merge(frames["album"], on="album_id")[["artist_id", "track_id"]]
    links = frames["artist_track"]
    primary = links[links["role"] == "primary"][["artist_id", "track_id"]]
    assert len(own.merge(primary)) == len(own) == len(frames["track"])
    assert (links["role"] != "primary").any()  # some contributors too


def test_listens_favour_popular_tracks_and_purchases_follow_listens(store):
    _, _, frames = store
    listens = frames["listening_history"]
    plays = listens["track_id"].value_counts()
    top_tenth = plays.head(len(frames["track"]) // 10).sum()
    assert top_tenth / len(listens) > 0.4
    lines = frames["invoice_line"].merge(frames["invoice"][["invoice_id", "customer_id"]])
    heard = set(zip(listens["customer_id"], listens["track_id"], strict=True))
    bought_heard = np.mean(
        [pair in heard for pair in zip(lines["customer_id"], lines["track_id"], strict=True)]
    )
    assert bought_heard > 0.5
    assert (listens["ms_played"] <= listens.merge(frames["track"])["milliseconds"]).all()


def test_countries_and_cities_are_real_pairs(store):
    _, _, frames = store
    customers = frames["customer"]
    for country, city in zip(customers["country"], customers["city"], strict=True):
        assert city in {c for c, _ in COUNTRIES[country][2]}, (country, city)
    invoices = frames["invoice"].merge(customers, on="customer_id")
    assert (invoices["billing_city"] == invoices["city"]).all()


def test_money_has_two_decimals_in_the_files(store):
    out, _, _ = store
    header, first = (out / "invoice_line.csv").read_text().splitlines()[:2]
    assert header.split(",")[3] == "unit_price"
    assert first.split(",")[3] in {"0.99", "1.99"}
    assert BY_NAME["invoice_line"].column("unit_price").kind == "money"
