"""`sparkify generate sparkify`: a realistic, deterministic Sparkify dataset.

song_data/ follows the Million Song Dataset layout (one JSON object per file); log_data/
holds one JSON Lines file per day of app events, written as the real logs are. Faker names
the artists and users; the same seed writes the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from faker import Faker

from loader.sparkify.generate.activity import MS_PER_DAY, EventWriter, SessionSimulator
from loader.sparkify.generate.catalogue import make_catalogue, write_song_files
from loader.sparkify.generate.people import make_users


@dataclass(frozen=True)
class SparkifySpec:
    songs: int = 300
    users: int = 100
    days: int = 30
    events: int = 8000
    seed: int = 42
    match_share: float = 0.3
    start_date: str = "2018-11-01"


def generate_sparkify(out_dir: Path, spec: SparkifySpec) -> dict[str, int]:
    rng = random.Random(spec.seed)
    nprng = np.random.default_rng(spec.seed)
    fake = Faker(["en_US", "de_DE", "es_ES", "fr_FR"])  # artists: some names non-ASCII
    fake.seed_instance(spec.seed)
    fake_us = Faker("en_US")  # users: US listeners
    fake_us.seed_instance(spec.seed)

    catalogue = make_catalogue(spec.songs, rng, fake)
    outside = make_catalogue(max(spec.songs * 3, 50), rng, fake, prefix="X")
    song_count = write_song_files(out_dir / "song_data", catalogue, rng)

    start = datetime.fromisoformat(spec.start_date).replace(tzinfo=UTC)
    users = make_users(spec.users, rng, fake_us, start)
    events = EventWriter(out_dir / "log_data")
    simulator = SessionSimulator(spec, rng, nprng, users, catalogue, outside)
    for day_index, sessions in enumerate(simulator.plan_days()):
        day_start_ms = int((start + timedelta(days=day_index)).timestamp() * 1000)
        for start_ms, items in sessions:
            events.add_all(simulator.session(day_start_ms + start_ms, items))
        events.flush_before(day_start_ms + MS_PER_DAY - 3 * 3_600_000)
    events.flush_before(None)
    return {"song files": song_count, "log files": events.files, "events": events.count}
