"""Sparkify's listeners: US users with a gender, a metro area, a user agent, a registration
date and a level (free or paid)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from faker import Faker

from loader.sparkify.generate.reference import US_METROS, USER_AGENTS


@dataclass
class User:
    user_id: int
    first_name: str
    last_name: str
    gender: str
    location: str
    user_agent: str
    registration: float
    level: str


def make_users(n: int, rng: random.Random, fake: Faker, start: datetime) -> list[User]:
    users = []
    for user_id in range(1, n + 1):
        gender = rng.choice("MF")
        first = fake.first_name_male() if gender == "M" else fake.first_name_female()
        registered = start - timedelta(days=rng.uniform(1, 120))
        users.append(
            User(
                user_id=user_id,
                first_name=first,
                last_name=fake.last_name(),
                gender=gender,
                location=rng.choice(US_METROS),
                user_agent=f'"{rng.choice(USER_AGENTS)}"',  # the logs keep the quotes
                registration=float(int(registered.timestamp() * 1000)),
                level="paid" if rng.random() < 0.3 else "free",
            )
        )
    return users
