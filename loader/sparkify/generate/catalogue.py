"""Sparkify's songs: a catalogue of artists and songs (some artists with several), written
as the Million Song Dataset lays them out, one JSON object per file."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from pathlib import Path

import orjson
from faker import Faker

from loader.sparkify.generate.reference import US_METROS


@dataclass(frozen=True)
class Song:
    song_id: str
    title: str
    artist_id: str
    artist_name: str
    duration: float


def random_id(rng: random.Random, prefix: str, length: int = 16) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(rng.choices(alphabet, k=length))


def _artist_name(rng: random.Random, fake: Faker) -> str:
    roll = rng.random()
    if roll < 0.45:
        return fake.name()  # includes accented names from the European locales
    if roll < 0.75:
        return f"The {fake.word().title()} {rng.choice(['Band', 'Brothers', 'Kids', 'Sound'])}"
    if roll < 0.9:
        return fake.last_name()
    # Collaborations are written as several names joined with ';'.
    return f"{fake.name()};{fake.name()}"


def make_catalogue(n: int, rng: random.Random, fake: Faker, prefix: str = "") -> list[Song]:
    """Songs by artists of whom some have several songs."""
    artists = []
    for _ in range(max(1, int(n * 0.7))):
        artists.append((random_id(rng, "AR"), _artist_name(rng, fake)))
    songs = []
    for i in range(n):
        # The first artists get most songs: a long tail of one-song artists.
        artist_id, artist_name = artists[min(int(rng.paretovariate(1.2)) - 1, len(artists) - 1)]
        if i < len(artists) and rng.random() < 0.6:
            artist_id, artist_name = artists[i]
        title = fake.catch_phrase().title() if rng.random() < 0.5 else fake.sentence(3)[:-1]
        duration = round(max(30.0, rng.lognormvariate(5.45, 0.35)), 5)
        songs.append(Song(random_id(rng, "SO" + prefix), title, artist_id, artist_name, duration))
    return songs


def write_song_files(root: Path, songs: list[Song], rng: random.Random) -> int:
    locations = list(US_METROS) + ["London, England", "Paris, France", "Berlin, Germany", ""]
    artist_places: dict[str, tuple] = {}
    for song in songs:
        if song.artist_id not in artist_places:
            place = rng.choice(locations) if rng.random() < 0.6 else ""
            coords = (
                (round(rng.uniform(25, 49), 5), round(rng.uniform(-124, -67), 5))
                if place and rng.random() < 0.5
                else (None, None)
            )
            artist_places[song.artist_id] = (place, *coords)
        place, latitude, longitude = artist_places[song.artist_id]
        record = {
            "num_songs": 1,
            "artist_id": song.artist_id,
            "artist_latitude": latitude,
            "artist_longitude": longitude,
            "artist_location": place,
            "artist_name": song.artist_name,
            "song_id": song.song_id,
            "title": song.title,
            "duration": song.duration,
            "year": 0 if rng.random() < 0.45 else rng.randint(1960, 2010),
        }
        track_id = random_id(rng, "TR")
        path = root / track_id[2] / track_id[3] / track_id[4] / f"{track_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Most files are one line without a final newline, as in the dataset; some are pretty.
        options = orjson.OPT_INDENT_2 if rng.random() < 0.2 else 0
        path.write_bytes(orjson.dumps(record, option=options))
    return len(songs)
