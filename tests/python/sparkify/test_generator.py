"""The Sparkify generator writes the documented layout and types, deterministically."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from loader.sparkify.generate import SparkifySpec, generate_sparkify

SPEC = SparkifySpec(songs=60, users=20, days=4, events=3000, seed=11, match_share=0.5)
EVENT_TYPES = {
    "artist": (str, type(None)),
    "auth": (str,),
    "firstName": (str, type(None)),
    "gender": (str, type(None)),
    "itemInSession": (int,),
    "lastName": (str, type(None)),
    "length": (float, type(None)),
    "level": (str,),
    "location": (str, type(None)),
    "method": (str,),
    "page": (str,),
    "registration": (float, type(None)),
    "sessionId": (int,),
    "song": (str, type(None)),
    "status": (int,),
    "ts": (int,),
    "userAgent": (str, type(None)),
    "userId": (str,),
}
SONG_TYPES = {
    "num_songs": (int,),
    "artist_id": (str,),
    "artist_latitude": (float, type(None)),
    "artist_longitude": (float, type(None)),
    "artist_location": (str,),
    "artist_name": (str,),
    "song_id": (str,),
    "title": (str,),
    "duration": (float,),
    "year": (int,),
}


@dataclass(frozen=True)
class Generated:
    """A generated dataset: its folder, each song file read back, every event in order."""

    root: Path
    songs: dict[Path, dict]
    events: list[dict]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Generated:
    root = tmp_path_factory.mktemp("gen") / "data"
    generate_sparkify(root, SPEC)
    songs = {p: orjson.loads(p.read_bytes()) for p in (root / "song_data").rglob("*.json")}
    events = [
        orjson.loads(line)
        for p in sorted((root / "log_data").rglob("*.json"))
        for line in p.read_bytes().splitlines()
    ]
    return Generated(root, songs, events)


def test_layout_and_types(generated):
    assert len(generated.songs) == SPEC.songs and len(generated.events) == SPEC.events
    for path, song in generated.songs.items():
        rel = path.relative_to(generated.root / "song_data")
        assert re.fullmatch(r"TR[A-Z0-9]{16}\.json", rel.name)
        assert list(rel.parts[:3]) == list(rel.name[2:5])
        assert set(song) == set(SONG_TYPES)
        assert all(isinstance(song[k], t) for k, t in SONG_TYPES.items())
    log_files = sorted((generated.root / "log_data").rglob("*.json"))
    assert all(
        re.search(r"log_data/\d{4}/\d{2}/\d{4}-\d{2}-\d{2}-events\.json$", p.as_posix())
        for p in log_files
    )
    for event in generated.events:
        assert set(event) == set(EVENT_TYPES)
        assert all(isinstance(event[k], t) for k, t in EVENT_TYPES.items()), event


def test_written_as_real_logs_are(generated):
    raw = next((generated.root / "log_data").rglob("*.json")).read_bytes()
    assert b'"userAgent":"\\"Mozilla\\/5.0' in raw  # quoted value, slashes escaped
    agents = {e["userAgent"] for e in generated.events if e["userAgent"]}
    assert all(a.startswith('"') and a.endswith('"') for a in agents)


def test_realistic_behaviour(generated):
    pages = Counter(e["page"] for e in generated.events)
    assert pages.most_common(1)[0][0] == "NextSong" and pages["NextSong"] > 0.6 * len(
        generated.events
    )
    assert {"Home", "Logout", "Settings", "Help", "Upgrade", "Downgrade"} <= set(pages)
    logged_out = [e for e in generated.events if e["userId"] == ""]
    assert logged_out and all(e["auth"] in ("Logged Out", "Guest") for e in logged_out)
    # itemInSession counts up within each session.
    by_session: dict[int, list[int]] = {}
    for e in sorted(generated.events, key=lambda e: (e["sessionId"], e["ts"], e["itemInSession"])):
        by_session.setdefault(e["sessionId"], []).append(e["itemInSession"])
    assert all(items == list(range(len(items))) for items in by_session.values())
    # Levels change in both directions over time.
    levels: dict[str, list[str]] = {}
    for e in sorted(generated.events, key=lambda e: e["ts"]):
        if e["userId"]:
            levels.setdefault(e["userId"], []).append(e["level"])
    transitions = {
        (a, b) for seq in levels.values() for a, b in zip(seq, seq[1:], strict=False) if a != b
    }
    assert transitions == {("free", "paid"), ("paid", "free")}
    # A share of plays names songs in song_data, the rest do not; some artists have several.
    catalogue = {(s["title"], s["artist_name"], s["duration"]) for s in generated.songs.values()}
    plays = [
        (e["song"], e["artist"], e["length"]) for e in generated.events if e["page"] == "NextSong"
    ]
    matched = sum(p in catalogue for p in plays) / len(plays)
    assert 0.4 < matched < 0.6
    assert max(Counter(s["artist_id"] for s in generated.songs.values()).values()) > 1
    # Popularity is skewed: the top song gets far more than an even share.
    top = Counter(plays).most_common(1)[0][1]
    assert top > 5 * len(plays) / len(set(plays))


def test_same_seed_same_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    small = SparkifySpec(songs=10, users=5, days=2, events=200, seed=5)
    generate_sparkify(a, small)
    generate_sparkify(b, small)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*.json"))
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*.json"))
    assert all((a / p).read_bytes() == (b / p).read_bytes() for p in files_a)
