"""The store's people: an employee hierarchy with one top manager, and customers in real
cities, each assigned to a sales support agent."""

from __future__ import annotations

import math
import unicodedata
from datetime import date, timedelta

import numpy as np
import pandas as pd
from faker import Faker

from loader.music_store.generate.reference import COUNTRIES, HEAD_OFFICE_CITIES
from loader.music_store.schema import BY_NAME

CUSTOMERS_PER_AGENT = 20
SUPPORT_TITLE = "Sales Support Agent"


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def make_employees(fake: Faker, customers: int) -> pd.DataFrame:
    """General manager (the only one with no manager) -> sales and IT managers -> staff."""
    agents = max(3, math.ceil(customers / CUSTOMERS_PER_AGENT))
    # (title, reports_to as 1-based employee_id)
    roles = [("General Manager", None), ("Sales Manager", 1), ("IT Manager", 1)]
    roles += [(SUPPORT_TITLE, 2)] * agents
    roles += [("IT Staff", 3)] * 2
    local = fake["en_CA"]
    rows = []
    for employee_id, (title, reports_to) in enumerate(roles, start=1):
        first, last = local.first_name(), local.last_name()
        city, state = HEAD_OFFICE_CITIES[employee_id % len(HEAD_OFFICE_CITIES)]
        birth = date(1950, 1, 1) + timedelta(days=local.random_int(0, 365 * 35))
        hire = date(2017, 1, 1) + timedelta(days=local.random_int(0, 365 * 3))
        rows.append(
            (
                employee_id,
                last,
                first,
                title,
                reports_to,
                f"{birth} 00:00:00",
                f"{hire} 00:00:00",
                local.street_address(),
                city,
                state,
                "Canada",
                local.postalcode(),
                local.phone_number(),
                local.phone_number(),
                f"{ascii_slug(first)}.{ascii_slug(last)}@chinookcorp.com",
            )
        )
    frame = pd.DataFrame(rows, columns=BY_NAME["employee"].column_names)
    frame["reports_to"] = frame["reports_to"].astype("Int64")
    return frame


def make_customers(
    fake: Faker, rng: np.random.Generator, customers: int, agent_ids: np.ndarray
) -> pd.DataFrame:
    names = list(COUNTRIES)
    weights = np.array([COUNTRIES[name][1] for name in names], dtype=float)
    # The first customers cover every country, as in Chinook; the rest follow the mix.
    spread = min(customers, len(names))
    picks = np.concatenate(
        [
            rng.permutation(len(names))[:spread],
            rng.choice(len(names), customers - spread, p=weights / weights.sum()),
        ]
    )
    rows = []
    emails: set[str] = set()
    for customer_id, pick in enumerate(picks, start=1):
        country = names[pick]
        locale, _, cities = COUNTRIES[country]
        local = fake[locale]
        city, state = cities[local.random_int(0, len(cities) - 1)]
        first, last = local.first_name(), local.last_name()
        email = f"{ascii_slug(first)}.{ascii_slug(last)}@{fake['en_US'].free_email_domain()}"
        if email in emails:
            email = email.replace("@", f"{customer_id}@")
        emails.add(email)
        rows.append(
            (
                customer_id,
                first,
                last,
                local.company() if local.random.random() < 0.2 else None,
                local.street_address().replace("\n", ", "),
                city,
                state or None,
                country,
                local.postcode(),
                local.phone_number(),
                local.phone_number() if local.random.random() < 0.2 else None,
                email,
            )
        )
    # The raw table's columns, support_rep_id (last) added below.
    frame = pd.DataFrame(rows, columns=BY_NAME["customer"].column_names[:-1])
    frame["support_rep_id"] = agent_ids[np.arange(customers) % len(agent_ids)]
    return frame
