"""Reference lists the music-store generator draws from: Chinook's genres, media types and
playlists, and real cities in the 24 countries Chinook's customers live in."""

from __future__ import annotations

# (name, share of the catalogue), in Chinook's genre_id order. Shares follow Chinook's mix.
GENRES: tuple[tuple[str, float], ...] = (
    ("Rock", 0.37),
    ("Jazz", 0.04),
    ("Metal", 0.11),
    ("Alternative & Punk", 0.094),
    ("Rock And Roll", 0.004),
    ("Blues", 0.024),
    ("Latin", 0.165),
    ("Reggae", 0.017),
    ("Pop", 0.01),
    ("Soundtrack", 0.012),
    ("Bossa Nova", 0.004),
    ("Easy Listening", 0.007),
    ("Heavy Metal", 0.008),
    ("R&B/Soul", 0.017),
    ("Electronica/Dance", 0.009),
    ("World", 0.008),
    ("Hip Hop/Rap", 0.01),
    ("Science Fiction", 0.004),
    ("TV Shows", 0.027),
    ("Sci Fi & Fantasy", 0.008),
    ("Drama", 0.018),
    ("Comedy", 0.005),
    ("Alternative", 0.011),
    ("Classical", 0.021),
    ("Opera", 0.001),
)
# Genres whose tracks are videos rather than audio.
VIDEO_GENRES = frozenset({"Science Fiction", "TV Shows", "Sci Fi & Fantasy", "Drama", "Comedy"})

# (name, share among audio tracks, is_video), in Chinook's media_type_id order.
MEDIA_TYPES: tuple[tuple[str, float, bool], ...] = (
    ("MPEG audio file", 0.88, False),
    ("Protected AAC audio file", 0.07, False),
    ("Protected MPEG-4 video file", 0.0, True),
    ("Purchased AAC audio file", 0.02, False),
    ("AAC audio file", 0.03, False),
)

# Chinook's playlists, each with the genres it draws from (empty: any genre) and the share
# of eligible tracks it holds.
PLAYLISTS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("Music", (), 1.0),
    ("Movies", ("Drama", "Science Fiction"), 0.0),
    ("TV Shows", ("TV Shows", "Drama", "Comedy", "Sci Fi & Fantasy"), 1.0),
    ("Audiobooks", (), 0.0),
    ("90's Music", (), 0.42),
    ("Music Videos", ("Rock",), 0.01),
    ("Brazilian Music", ("Latin", "Bossa Nova"), 0.06),
    ("Classical", ("Classical", "Opera"), 1.0),
    ("Classical 101 - Deep Cuts", ("Classical",), 0.33),
    ("Classical 101 - Next Steps", ("Classical",), 0.33),
    ("Classical 101 - The Basics", ("Classical",), 0.33),
    ("Grunge", ("Alternative & Punk", "Rock"), 0.01),
    ("Heavy Metal Classic", ("Metal", "Heavy Metal"), 0.06),
    ("On-The-Go 1", ("Rock",), 0.001),
)

# country -> (Faker locale, weight as in Chinook's customer mix, ((city, state or ""), ...)).
COUNTRIES: dict[str, tuple[str, int, tuple[tuple[str, str], ...]]] = {
    "USA": (
        "en_US",
        13,
        (
            ("New York", "NY"),
            ("Chicago", "IL"),
            ("Boston", "MA"),
            ("Seattle", "WA"),
            ("Mountain View", "CA"),
            ("Redmond", "WA"),
            ("Cupertino", "CA"),
            ("Reno", "NV"),
            ("Orlando", "FL"),
            ("Fort Worth", "TX"),
            ("Tucson", "AZ"),
            ("Madison", "WI"),
            ("Salt Lake City", "UT"),
        ),
    ),
    "Canada": (
        "en_CA",
        8,
        (
            ("Montréal", "QC"),
            ("Edmonton", "AB"),
            ("Vancouver", "BC"),
            ("Toronto", "ON"),
            ("Ottawa", "ON"),
            ("Halifax", "NS"),
            ("Winnipeg", "MB"),
            ("Yellowknife", "NT"),
        ),
    ),
    "Brazil": (
        "pt_BR",
        5,
        (
            ("São Paulo", "SP"),
            ("São José dos Campos", "SP"),
            ("Rio de Janeiro", "RJ"),
            ("Brasília", "DF"),
        ),
    ),
    "France": (
        "fr_FR",
        5,
        (("Paris", ""), ("Lyon", ""), ("Bordeaux", ""), ("Dijon", ""), ("Marseille", "")),
    ),
    "Germany": ("de_DE", 4, (("Berlin", ""), ("Frankfurt", ""), ("Stuttgart", ""))),
    "United Kingdom": ("en_GB", 3, (("London", ""), ("Edinburgh", ""), ("Manchester", ""))),
    "Czech Republic": ("cs_CZ", 2, (("Prague", ""), ("Brno", ""))),
    "Portugal": ("pt_PT", 2, (("Lisbon", ""), ("Porto", ""))),
    "India": ("en_IN", 2, (("Delhi", ""), ("Bangalore", ""), ("Mumbai", ""))),
    "Chile": ("es_CL", 1, (("Santiago", ""), ("Valparaíso", ""))),
    "Ireland": ("en_IE", 1, (("Dublin", "Dublin"), ("Cork", "Cork"))),
    "Hungary": ("hu_HU", 1, (("Budapest", ""), ("Debrecen", ""))),
    "Austria": ("de_AT", 1, (("Vienne", ""), ("Salzburg", ""))),
    "Finland": ("fi_FI", 1, (("Helsinki", ""), ("Tampere", ""))),
    "Netherlands": ("nl_NL", 1, (("Amsterdam", "VV"), ("Rotterdam", ""))),
    "Norway": ("no_NO", 1, (("Oslo", ""), ("Bergen", ""))),
    "Sweden": ("sv_SE", 1, (("Stockholm", ""), ("Gothenburg", ""))),
    "Poland": ("pl_PL", 1, (("Warsaw", ""), ("Kraków", ""))),
    "Italy": ("it_IT", 1, (("Rome", "RM"), ("Milan", "MI"))),
    "Denmark": ("da_DK", 1, (("Copenhagen", ""), ("Aarhus", ""))),
    "Australia": ("en_AU", 1, (("Sidney", "NSW"), ("Melbourne", "VIC"))),
    "Argentina": ("es_AR", 1, (("Buenos Aires", ""), ("Córdoba", ""))),
    "Spain": ("es_ES", 1, (("Madrid", ""), ("Barcelona", ""))),
    "Belgium": ("nl_BE", 1, (("Brussels", ""), ("Antwerp", ""))),
}

# The head office, where Chinook's employees live.
HEAD_OFFICE_CITIES = (("Calgary", "AB"), ("Edmonton", "AB"), ("Lethbridge", "AB"))

# (device, weight) and (context, weight) for listening history.
DEVICES = (
    ("mobile", 0.46),
    ("desktop", 0.22),
    ("web", 0.14),
    ("smart_speaker", 0.08),
    ("car", 0.06),
    ("tv", 0.04),
)
CONTEXTS = (
    ("album", 0.28),
    ("playlist", 0.34),
    ("search", 0.12),
    ("radio", 0.14),
    ("artist_page", 0.07),
    ("library", 0.05),
)

# (role, weight) for contributing artists beyond an album's own artist.
CONTRIBUTOR_ROLES = (("featured", 0.6), ("producer", 0.15), ("remixer", 0.15), ("composer", 0.1))
