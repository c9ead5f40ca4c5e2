"""Sparkify's app events: sessions through the day, songs drawn with a popular head, pages
between them, level changes, logged-out visitors, written one JSON Lines file per day as
the real logs are."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import orjson

from loader.sparkify.generate.catalogue import Song
from loader.sparkify.generate.people import User

MS_PER_DAY = 86_400_000
# Hour-of-day weights for session starts: quiet nights, busy afternoons and evenings.
HOUR_WEIGHTS = np.array(
    [2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 7, 8, 8, 8, 9, 10, 11, 12, 12, 11, 10, 8, 5, 3], dtype=float
)
# Pages a logged-in user visits between songs, with their weights and (method, status).
PAGES = {
    "Home": (45, "GET", 200),
    "Thumbs Up": (45, "PUT", 307),
    "Add to Playlist": (23, "PUT", 200),
    "Add Friend": (15, "PUT", 307),
    "Roll Advert": (15, "GET", 200),
    "Logout": (12, "PUT", 307),
    "Thumbs Down": (9, "PUT", 307),
    "Settings": (6, "GET", 200),
    "Help": (5, "GET", 200),
    "Upgrade": (2, "GET", 200),
    "Downgrade": (6, "GET", 200),
    "About": (2, "GET", 200),
    "Save Settings": (1, "PUT", 307),
    "Error": (1, "GET", 404),
}
NEXT_SONG_SHARE = 0.81
LOGGED_OUT_SESSION_SHARE = 0.04
UPGRADE_CHANCE = 0.04  # per session of a free user
DOWNGRADE_CHANCE = 0.02  # per session of a paid user
MEAN_ITEMS_PER_SESSION = 20


class SessionSimulator:
    def __init__(self, spec, rng, nprng, users, catalogue, outside) -> None:
        self.spec = spec
        self.rng = rng
        self.nprng = nprng
        self.users = users
        self.catalogue = catalogue
        self.outside = outside
        self.next_session_id = 1
        # Activity and song popularity are both Zipf-like: a few users and songs dominate.
        self.user_cdf = _zipf_cdf(len(users), 0.9, nprng)
        self.catalogue_cdf = _zipf_cdf(len(catalogue), 1.1, nprng)
        self.outside_cdf = _zipf_cdf(len(outside), 1.1, nprng)
        names = [name for name in PAGES]
        weights = np.array([PAGES[name][0] for name in names], dtype=float)
        self.other_pages = names
        self.other_weights = weights / weights.sum()

    def plan_days(self):
        """Per day, the sessions as (start offset in ms, item count), in time order."""
        spec = self.spec
        lengths = []
        total = 0
        while total < spec.events:
            items = min(int(self.nprng.geometric(1 / MEAN_ITEMS_PER_SESSION)), spec.events - total)
            lengths.append(items)
            total += items
        hour_p = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
        day_of_session = np.sort(self.nprng.integers(0, spec.days, size=len(lengths)))
        hours = self.nprng.choice(24, size=len(lengths), p=hour_p)
        offsets = hours * 3_600_000 + self.nprng.integers(0, 3_600_000, size=len(lengths))
        by_day = defaultdict(list)
        for day, offset, items in zip(day_of_session, offsets, lengths, strict=True):
            by_day[int(day)].append((int(offset), items))
        for day in range(spec.days):
            yield sorted(by_day.get(day, []))

    def session(self, start_ms: int, items: int) -> list[dict]:
        session_id = self.next_session_id
        self.next_session_id += 1
        if self.rng.random() < LOGGED_OUT_SESSION_SHARE:
            return self._logged_out_session(session_id, start_ms, items)
        user = self.users[_draw(self.user_cdf, 1, self.nprng)[0]]
        changes_level = self.rng.random() < (
            UPGRADE_CHANCE if user.level == "free" else DOWNGRADE_CHANCE
        )
        change_at = self.rng.randrange(items) if changes_level else -1
        n_songs = int(self.nprng.binomial(items, NEXT_SONG_SHARE))
        is_song = np.zeros(items, dtype=bool)
        is_song[self.nprng.choice(items, size=n_songs, replace=False)] = True
        songs = self._pick_songs(n_songs)
        others = self.nprng.choice(len(self.other_pages), size=items, p=self.other_weights)
        events = []
        ts = start_ms
        song_index = 0
        for item in range(items):
            if item == change_at:
                # The change takes effect from the submitted request on.
                page = "Submit Upgrade" if user.level == "free" else "Submit Downgrade"
                events.append(self._event(user, session_id, item, ts, page, "PUT", 307))
                user.level = "paid" if user.level == "free" else "free"
                ts += self.rng.randint(1_000, 20_000)
                continue
            if is_song[item]:
                song = songs[song_index]
                song_index += 1
                event = self._event(user, session_id, item, ts, "NextSong", "PUT", 200)
                event.update(artist=song.artist_name, song=song.title, length=song.duration)
                events.append(event)
                ts += int(song.duration * 1000)
                continue
            page = self.other_pages[others[item]]
            _, method, status = PAGES[page]
            events.append(self._event(user, session_id, item, ts, page, method, status))
            ts += self.rng.randint(1_000, 30_000)
        return events

    def _pick_songs(self, n: int) -> list[Song]:
        from_catalogue = self.nprng.random(n) < self.spec.match_share
        inside = _draw(self.catalogue_cdf, n, self.nprng)
        outside = _draw(self.outside_cdf, n, self.nprng)
        return [
            self.catalogue[i] if hit else self.outside[o]
            for hit, i, o in zip(from_catalogue, inside, outside, strict=True)
        ]

    def _event(self, user: User, session_id, item, ts, page, method, status) -> dict:
        return {
            "artist": None,
            "auth": "Logged In",
            "firstName": user.first_name,
            "gender": user.gender,
            "itemInSession": item,
            "lastName": user.last_name,
            "length": None,
            "level": user.level,
            "location": user.location,
            "method": method,
            "page": page,
            "registration": user.registration,
            "sessionId": session_id,
            "song": None,
            "status": status,
            "ts": ts,
            "userAgent": user.user_agent,
            "userId": str(user.user_id),
        }

    def _logged_out_session(self, session_id: int, start_ms: int, items: int) -> list[dict]:
        """Visitors who are not signed in: empty userId and no personal fields."""
        auth = "Guest" if self.rng.random() < 0.2 else "Logged Out"
        pages = (
            ["Home", "Login", "About", "Help"]
            if auth == "Logged Out"
            else ["Home", "Register", "Submit Registration", "About", "Help"]
        )
        events = []
        ts = start_ms
        for item in range(min(items, 4)):
            page = pages[0] if item == 0 else self.rng.choice(pages)
            events.append(
                {
                    "artist": None,
                    "auth": auth,
                    "firstName": None,
                    "gender": None,
                    "itemInSession": item,
                    "lastName": None,
                    "length": None,
                    "level": "free",
                    "location": None,
                    "method": "GET" if page in ("Home", "About", "Help", "Register") else "PUT",
                    "page": page,
                    "registration": None,
                    "sessionId": session_id,
                    "song": None,
                    "status": 200 if page != "Login" else 307,
                    "ts": ts,
                    "userAgent": None,
                    "userId": "",
                }
            )
            ts += self.rng.randint(1_000, 60_000)
        # Keep the requested total: pad with Home visits if the session was cut short.
        for item in range(len(events), items):
            events.append(
                {
                    **events[-1],
                    "itemInSession": item,
                    "page": "Home",
                    "method": "GET",
                    "status": 200,
                    "ts": events[-1]["ts"] + 5_000,
                }
            )
        return events


def _zipf_cdf(n: int, exponent: float, nprng: np.random.Generator) -> np.ndarray:
    """Cumulative Zipf weights over a shuffled order, so popularity is not tied to position."""
    ranks = np.arange(1, n + 1, dtype=float)
    weights = 1.0 / ranks**exponent
    nprng.shuffle(weights)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _draw(cdf: np.ndarray, size: int, nprng: np.random.Generator) -> np.ndarray:
    # Inverse-CDF sampling: O(log n) per draw, where choice(p=...) is O(n) per call.
    return np.minimum(np.searchsorted(cdf, nprng.random(size), side="right"), len(cdf) - 1)


class EventWriter:
    """Buffers events and writes each UTC day to log_data/YYYY/MM/YYYY-MM-DD-events.json."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.by_day: dict[date, list[dict]] = defaultdict(list)
        self.written: set[date] = set()
        self.files = 0
        self.count = 0

    def add_all(self, events: list[dict]) -> None:
        for event in events:
            day = datetime.fromtimestamp(event["ts"] / 1000, tz=UTC).date()
            self.by_day[day].append(event)

    def flush_before(self, cutoff_ms: int | None) -> None:
        """Write out every day that ends before the cutoff (all of them when None)."""
        for day in sorted(self.by_day):
            day_end = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
            if cutoff_ms is not None and (day_end * 1000 + MS_PER_DAY) > cutoff_ms:
                continue
            self._write(day, self.by_day.pop(day))

    def _write(self, day: date, events: list[dict]) -> None:
        events.sort(key=lambda e: (e["ts"], e["sessionId"], e["itemInSession"]))
        path = self.root / f"{day:%Y}" / f"{day:%m}" / f"{day:%Y-%m-%d}-events.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The real logs escape every slash as \/ (userAgent shows it most).
        body = b"\n".join(orjson.dumps(e) for e in events).replace(b"/", b"\\/")
        # A session that runs past midnight can reach a day already written: append to it.
        with path.open("ab" if day in self.written else "wb") as handle:
            handle.write(body + b"\n")
        self.files += day not in self.written
        self.written.add(day)
        self.count += len(events)
