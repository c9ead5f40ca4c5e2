"""The store's activity, fully vectorised: listening history skewed to popular tracks and to
each customer's favourite genres, and invoices whose lines lean on what the customer played."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loader.music_store.generate.catalogue import Catalogue
from loader.music_store.generate.reference import CONTEXTS, DEVICES

PERIOD_START = np.datetime64("2021-01-01T00:00:00", "s")
PERIOD_SECONDS = 5 * 365 * 24 * 3600
FAVOURITE_GENRE_SHARE = 0.6  # listens drawn from one of the customer's two favourite genres
LISTENED_SHARE = 0.65  # invoice lines buying a track the customer has listened to
FULL_PLAY_SHARE = 0.7
# Chinook's invoices hold 1, 2, 2, 4, 6, 9 or 14 lines: 5.43 on average.
LINES_PER_INVOICE = np.array([1, 2, 2, 4, 6, 9, 14])
DOUBLE_QUANTITY_SHARE = 0.03


def _timestamps(rng: np.random.Generator, count: int) -> np.ndarray:
    return PERIOD_START + rng.integers(0, PERIOD_SECONDS, count).astype("timedelta64[s]")


def _weighted(rng: np.random.Generator, pairs, count: int) -> np.ndarray:
    labels = np.array([label for label, _ in pairs])
    weights = np.array([weight for _, weight in pairs])
    return labels[rng.choice(len(labels), count, p=weights / weights.sum())]


def customer_activity(rng: np.random.Generator, customers: int) -> np.ndarray:
    """How much each customer listens and buys, relative to the others."""
    activity = rng.lognormal(0.0, 0.8, customers)
    return activity / activity.sum()


def make_listens(
    rng: np.random.Generator, catalogue: Catalogue, activity: np.ndarray, listens: int
) -> pd.DataFrame:
    customers = len(activity)
    tracks = len(catalogue.popularity)
    customer = rng.choice(customers, listens, p=activity)
    track = rng.choice(tracks, listens, p=catalogue.popularity)

    # Each customer has two favourite genres, drawn from how big each genre is.
    genres_present = np.bincount(catalogue.track_genre, minlength=catalogue.track_genre.max() + 1)
    genre_p = genres_present / genres_present.sum()
    favourites = rng.choice(len(genre_p), (customers, 2), p=genre_p)
    from_favourite = rng.random(listens) < FAVOURITE_GENRE_SHARE
    wanted = favourites[customer, rng.integers(0, 2, listens)]
    for genre in np.unique(wanted[from_favourite]):
        members = np.flatnonzero(catalogue.track_genre == genre)
        picks = np.flatnonzero(from_favourite & (wanted == genre))
        p = catalogue.popularity[members]
        track[picks] = members[rng.choice(len(members), len(picks), p=p / p.sum())]

    full = catalogue.track_ms[track]
    partial = (rng.random(listens) * full).astype(np.int64)
    ms_played = np.where(rng.random(listens) < FULL_PLAY_SHARE, full, np.maximum(partial, 1))
    listened_at = np.sort(_timestamps(rng, listens))
    return pd.DataFrame(
        {
            "listen_id": np.arange(1, listens + 1),
            "customer_id": customer + 1,
            "track_id": track + 1,
            "listened_at": listened_at,
            "ms_played": ms_played,
            "device": _weighted(rng, DEVICES, listens),
            "context": _weighted(rng, CONTEXTS, listens),
        }
    )


def make_invoices(
    rng: np.random.Generator,
    catalogue: Catalogue,
    customers_df: pd.DataFrame,
    activity: np.ndarray,
    listens_df: pd.DataFrame,
    invoices: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    customers = len(customers_df)
    # Every customer buys at least once (when there are enough invoices); keen listeners
    # buy more.
    first = rng.permutation(customers)[: min(customers, invoices)]
    rest = rng.choice(customers, invoices - len(first), p=activity)
    invoice_customer = np.concatenate([first, rest])
    invoice_at = _timestamps(rng, invoices)
    order = np.argsort(invoice_at, kind="stable")
    invoice_customer, invoice_at = invoice_customer[order], invoice_at[order]

    lines_per = LINES_PER_INVOICE[rng.integers(0, len(LINES_PER_INVOICE), invoices)]
    line_invoice = np.repeat(np.arange(invoices), lines_per)
    line_customer = invoice_customer[line_invoice]
    line_track = _purchased_tracks(rng, catalogue, listens_df, customers, line_customer)
    quantity = np.where(rng.random(len(line_invoice)) < DOUBLE_QUANTITY_SHARE, 2, 1)
    cents = catalogue.track_cents[line_track]
    total_cents = np.bincount(line_invoice, weights=cents * quantity, minlength=invoices)

    invoice_line = pd.DataFrame(
        {
            "invoice_line_id": np.arange(1, len(line_invoice) + 1),
            "invoice_id": line_invoice + 1,
            "track_id": line_track + 1,
            "unit_price": cents / 100,
            "quantity": quantity,
        }
    )
    billing = customers_df.iloc[invoice_customer]
    invoice = pd.DataFrame(
        {
            "invoice_id": np.arange(1, invoices + 1),
            "customer_id": invoice_customer + 1,
            "invoice_date": invoice_at,
            "billing_address": billing["address"].to_numpy(),
            "billing_city": billing["city"].to_numpy(),
            "billing_state": billing["state"].to_numpy(),
            "billing_country": billing["country"].to_numpy(),
            "billing_postal_code": billing["postal_code"].to_numpy(),
            "total": np.round(total_cents).astype(np.int64) / 100,
        }
    )
    return invoice, invoice_line


def _purchased_tracks(
    rng: np.random.Generator,
    catalogue: Catalogue,
    listens_df: pd.DataFrame,
    customers: int,
    line_customer: np.ndarray,
) -> np.ndarray:
    """Most lines buy a track the customer listened to; the rest follow popularity."""
    lines = len(line_customer)
    track = rng.choice(len(catalogue.popularity), lines, p=catalogue.popularity)
    if listens_df.empty:
        return track
    listen_customer = listens_df["customer_id"].to_numpy() - 1
    by_customer = np.argsort(listen_customer, kind="stable")
    listened_tracks = listens_df["track_id"].to_numpy()[by_customer] - 1
    counts = np.bincount(listen_customer, minlength=customers)
    starts = np.cumsum(counts) - counts
    own = (rng.random(lines) < LISTENED_SHARE) & (counts[line_customer] > 0)
    offset = (rng.random(own.sum()) * counts[line_customer[own]]).astype(np.int64)
    track[own] = listened_tracks[starts[line_customer[own]] + offset]
    return track
