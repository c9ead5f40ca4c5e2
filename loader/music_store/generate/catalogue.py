"""The store's catalogue: artists, albums, genres, media types, tracks, playlists and the
artist-to-track links. Faker names the few thousand entities; numpy draws everything else."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from faker import Faker

from loader.music_store.generate.reference import (
    CONTRIBUTOR_ROLES,
    GENRES,
    MEDIA_TYPES,
    PLAYLISTS,
    VIDEO_GENRES,
)

# Chinook's proportions: 275 artists and 347 albums for 3,503 tracks.
ARTISTS_PER_TRACK = 275 / 3503
ALBUMS_PER_TRACK = 347 / 3503
COMPOSER_SHARE = 0.72
CONTRIBUTOR_SHARE = 0.12
# Audio is about 1 MB a minute at 128-256 kbit/s; video about 4 MB a minute.
AUDIO_BYTES_PER_MS = 32.7
VIDEO_BYTES_PER_MS = 210.0


@dataclass
class Catalogue:
    tables: dict[str, pd.DataFrame]
    popularity: np.ndarray  # probability that a random listen or purchase is each track
    track_genre: np.ndarray  # genre index (0-based) per track
    track_ms: np.ndarray
    track_cents: np.ndarray


def _artist_names(fake: Faker, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        kind = fake.random_int(0, 9)
        if kind < 4:
            name = fake.name()
        elif kind < 7:
            name = f"The {fake.word().title()} {fake.word().title()}s"
        else:
            name = " ".join(fake.words(nb=fake.random_int(1, 3))).title()
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _titles(fake: Faker, count: int, max_words: int) -> list[str]:
    return [" ".join(fake.words(nb=fake.random_int(1, max_words))).title() for _ in range(count)]


def make_catalogue(fake: Faker, rng: np.random.Generator, tracks: int) -> Catalogue:
    n_artists = max(1, round(tracks * ARTISTS_PER_TRACK))
    n_albums = min(tracks, max(1, round(tracks * ALBUMS_PER_TRACK)))

    genre = pd.DataFrame(
        {"genre_id": np.arange(1, len(GENRES) + 1), "name": [name for name, _ in GENRES]}
    )
    media_type = pd.DataFrame(
        {"media_type_id": np.arange(1, len(MEDIA_TYPES) + 1), "name": [m[0] for m in MEDIA_TYPES]}
    )
    artist = pd.DataFrame(
        {"artist_id": np.arange(1, n_artists + 1), "name": _artist_names(fake, n_artists)}
    )

    # A few prolific artists make most albums, as in any real catalogue.
    artist_weight = 1.0 / np.arange(1, n_artists + 1) ** 0.8
    album_artist = rng.choice(n_artists, n_albums, p=artist_weight / artist_weight.sum())
    album = pd.DataFrame(
        {
            "album_id": np.arange(1, n_albums + 1),
            "title": _titles(fake, n_albums, 4),
            "artist_id": album_artist + 1,
        }
    )

    # Every album gets one track; the rest go to albums at random. An album has one genre
    # and one media type, with a few tracks straying from the album's genre.
    genre_share = np.array([share for _, share in GENRES])
    album_genre = rng.choice(len(GENRES), n_albums, p=genre_share / genre_share.sum())
    extra = rng.choice(n_albums, tracks - n_albums)
    track_album = np.sort(np.concatenate([np.arange(n_albums), extra]))
    track_genre = album_genre[track_album]
    strays = rng.random(tracks) < 0.05
    track_genre[strays] = rng.choice(len(GENRES), strays.sum(), p=genre_share / genre_share.sum())

    genre_names = np.array([name for name, _ in GENRES])
    is_video = np.isin(genre_names[track_genre], list(VIDEO_GENRES))
    audio_share = np.array([m[1] for m in MEDIA_TYPES])
    album_media = rng.choice(len(MEDIA_TYPES), n_albums, p=audio_share / audio_share.sum())
    track_media = album_media[track_album]
    video_media = next(i for i, m in enumerate(MEDIA_TYPES) if m[2])
    track_media[is_video] = video_media

    track_ms = np.where(
        is_video,
        rng.normal(2_600_000, 300_000, tracks),
        rng.lognormal(np.log(250_000), 0.35, tracks),
    )
    track_ms = np.clip(track_ms, 1_000, 5_000_000).astype(np.int64)
    track_bytes = (track_ms * np.where(is_video, VIDEO_BYTES_PER_MS, AUDIO_BYTES_PER_MS)).astype(
        np.int64
    )
    track_cents = np.where(is_video, 199, 99)
    composers = [
        ", ".join(fake.name() for _ in range(fake.random_int(1, 2)))
        if fake.random.random() < COMPOSER_SHARE
        else None
        for _ in range(tracks)
    ]
    track = pd.DataFrame(
        {
            "track_id": np.arange(1, tracks + 1),
            "name": _titles(fake, tracks, 5),
            "album_id": track_album + 1,
            "media_type_id": track_media + 1,
            "genre_id": track_genre + 1,
            "composer": composers,
            "milliseconds": track_ms,
            "bytes": track_bytes,
            "unit_price": track_cents / 100,
        }
    )

    # Popularity is Zipf-like over a random ranking of the tracks.
    rank = rng.permutation(tracks) + 1
    popularity = 1.0 / rank**1.1
    popularity /= popularity.sum()

    playlist, playlist_track = _playlists(rng, track_genre, genre_names)
    artist_track = _artist_tracks(rng, album_artist[track_album], n_artists)
    return Catalogue(
        tables={
            "artist": artist,
            "album": album,
            "genre": genre,
            "media_type": media_type,
            "track": track,
            "playlist": playlist,
            "playlist_track": playlist_track,
            "artist_track": artist_track,
        },
        popularity=popularity,
        track_genre=track_genre,
        track_ms=track_ms,
        track_cents=track_cents,
    )


def _playlists(
    rng: np.random.Generator, track_genre: np.ndarray, genre_names: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    playlist = pd.DataFrame(
        {"playlist_id": np.arange(1, len(PLAYLISTS) + 1), "name": [p[0] for p in PLAYLISTS]}
    )
    track_genre_names = genre_names[track_genre]
    parts = []
    for playlist_id, (_, genres, share) in enumerate(PLAYLISTS, start=1):
        eligible = (
            np.isin(track_genre_names, genres)
            if genres
            else ~np.isin(track_genre_names, list(VIDEO_GENRES))
        )
        chosen = np.flatnonzero(eligible & (rng.random(len(track_genre)) < share))
        parts.append(pd.DataFrame({"playlist_id": playlist_id, "track_id": chosen + 1}))
    return playlist, pd.concat(parts, ignore_index=True)


def _artist_tracks(
    rng: np.random.Generator, track_artist: np.ndarray, n_artists: int
) -> pd.DataFrame:
    """Each track's album artist as 'primary', plus contributing artists on some tracks."""
    tracks = len(track_artist)
    primary = pd.DataFrame(
        {"artist_id": track_artist + 1, "track_id": np.arange(1, tracks + 1), "role": "primary"}
    )
    with_guest = np.flatnonzero(rng.random(tracks) < CONTRIBUTOR_SHARE)
    guest = rng.choice(n_artists, len(with_guest))
    roles = np.array([r for r, _ in CONTRIBUTOR_ROLES])
    weights = np.array([w for _, w in CONTRIBUTOR_ROLES])
    contributors = pd.DataFrame(
        {
            "artist_id": guest + 1,
            "track_id": with_guest + 1,
            "role": roles[rng.choice(len(roles), len(with_guest), p=weights / weights.sum())],
        }
    )
    # A guest who is the album's own artist is already there as 'primary'.
    contributors = contributors[guest != track_artist[with_guest]]
    return pd.concat([primary, contributors], ignore_index=True).sort_values(
        ["track_id", "artist_id"], ignore_index=True
    )
