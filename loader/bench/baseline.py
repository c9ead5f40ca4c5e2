"""The classic row-by-row `etl.py`, kept only as the benchmark's baseline.

It does what the well-known Udacity solution does: pandas reads each log file, and every
NextSong row costs a SELECT to find the song and INSERTs into songplays, users and time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

CREATE = """
drop schema if exists baseline cascade;
create schema baseline;
create table baseline.songs (song_id text primary key, title text, artist_id text,
    year int, duration float);
create table baseline.artists (artist_id text primary key, name text, location text,
    latitude float, longitude float);
create table baseline.users (user_id int primary key, first_name text, last_name text,
    gender text, level text);
create table baseline.time (start_time timestamp primary key, hour int, day int, week int,
    month int, year int, weekday int);
create table baseline.songplays (songplay_id serial primary key, start_time timestamp,
    user_id int, level text, song_id text, artist_id text, session_id int, location text,
    user_agent text);
"""
SONG_SELECT = """
select s.song_id, a.artist_id from baseline.songs s
join baseline.artists a on s.artist_id = a.artist_id
where s.title = %s and a.name = %s and s.duration = %s
"""


def run_baseline(
    conn, song_files: list[Path], log_files: list[Path], max_events: int
) -> tuple[int, float]:
    """Process log files row by row until `max_events` events; return (events, seconds).

    Songs are inserted first, untimed, so the per-play SELECT searches a real table.
    """
    with conn.cursor() as cur:
        cur.execute(CREATE)
        for path in song_files:
            song = pd.read_json(path, typ="series")
            cur.execute(
                "insert into baseline.songs values (%s, %s, %s, %s, %s) on conflict do nothing",
                (song.song_id, song.title, song.artist_id, int(song.year), float(song.duration)),
            )
            cur.execute(
                "insert into baseline.artists values (%s, %s, %s, %s, %s) on conflict do nothing",
                (
                    song.artist_id,
                    song.artist_name,
                    song.artist_location,
                    song.artist_latitude,
                    song.artist_longitude,
                ),
            )
    conn.commit()
    events = 0
    started = time.perf_counter()
    with conn.cursor() as cur:
        for path in log_files:
            if events >= max_events:
                break
            df = pd.read_json(path, lines=True).head(max_events - events)
            events += len(df)
            df = df[df["page"] == "NextSong"]
            stamps = pd.to_datetime(df["ts"], unit="ms")
            for ts in stamps:
                cur.execute(
                    "insert into baseline.time values (%s, %s, %s, %s, %s, %s, %s) "
                    "on conflict do nothing",
                    (ts, ts.hour, ts.day, ts.isocalendar()[1], ts.month, ts.year, ts.weekday()),
                )
            for _, row in df.iterrows():
                cur.execute(
                    "insert into baseline.users values (%s, %s, %s, %s, %s) "
                    "on conflict (user_id) do update set level = excluded.level",
                    (int(row.userId), row.firstName, row.lastName, row.gender, row.level),
                )
            for _, row in df.iterrows():
                cur.execute(SONG_SELECT, (row.song, row.artist, row.length))
                found = cur.fetchone()
                song_id, artist_id = found if found else (None, None)
                cur.execute(
                    "insert into baseline.songplays (start_time, user_id, level, song_id, "
                    "artist_id, session_id, location, user_agent) "
                    "values (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        pd.to_datetime(row.ts, unit="ms"),
                        int(row.userId),
                        row.level,
                        song_id,
                        artist_id,
                        int(row.sessionId),
                        row.location,
                        row.userAgent,
                    ),
                )
            conn.commit()
    return events, time.perf_counter() - started
