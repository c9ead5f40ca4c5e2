"""Input as upstream systems really send it: broken lines, odd bytes, odd file names.

Every bad line or file becomes a reject with a clear reason (exit 3), the good lines and
files land exactly once, no file name can change how rows are framed, and a rerun
changes nothing.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from loader.common.load_report import EXIT_REJECTS
from tests.python.helpers import cli, query

GOOD = {"page": "NextSong", "ts": 1541105830796, "sessionId": 1, "level": "free"}


def _line(**fields) -> bytes:
    return json.dumps({**GOOD, **fields}).encode()


@dataclass(frozen=True)
class Hostile:
    """A data directory of good and bad input, and the rows each good file must land."""

    data: Path
    expected: dict[str, int]


@pytest.fixture
def hostile(tmp_path) -> Hostile:
    """A data directory holding good files beside every kind of bad input."""
    data = tmp_path / "data"
    logs = data / "log_data"
    logs.mkdir(parents=True)
    expected: dict[str, int] = {}  # good file -> rows that must land

    # Valid JSON may hold a bare CR between tokens; a broken line may hold one too.
    (logs / "cr.json").write_bytes(
        _line(itemInSession=1).replace(b", ", b",\r ") + b"\n" + b"abc\rdef\n" + _line() + b"\n"
    )
    expected["log_data/cr.json"] = 2
    # 100,000 nested arrays: deeper than any parser should follow.
    (logs / "deep.json").write_bytes(
        _line(itemInSession=1)
        + b"\n"
        + b'{"a":'
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}\n"
        + _line(itemInSession=3)
        + b"\n"
    )
    expected["log_data/deep.json"] = 2
    # Random binary content under a .json name.
    noise = random.Random(5).randbytes(200_000)
    (logs / "binary.json").write_bytes(noise)
    # Names that would break a text framing: newline, \x01 and \x02, and a name crafted
    # to look like the next row of a COPY stream.
    for name in ("new\nline.json", "ctrl\x01one.json", "ctrl\x02two.json"):
        (logs / name).write_bytes(_line(itemInSession=7) + b"\n" + _line(itemInSession=8) + b"\n")
        expected[f"log_data/{name}"] = 2
    forged = 'x.json\x022\x02{"page": "Forged"}\ny.json'
    (logs / forged).write_bytes(_line(itemInSession=9) + b"\n")
    expected[f"log_data/{forged}"] = 1
    # A name that is not UTF-8, a link to itself, a folder link that loops.
    os.symlink(logs / "self.json", logs / "self.json")
    os.symlink(logs, logs / "loop")
    bad_name = os.path.join(os.fsencode(logs), b"caf\xe9.json")
    with open(bad_name, "wb") as handle:
        handle.write(_line() + b"\n")
    # A file that cannot be read: as root, a link to memory that fails on read.
    unreadable = logs / "unreadable.json"
    if os.geteuid() == 0:
        os.symlink("/proc/self/mem", unreadable)
    else:
        unreadable.write_bytes(_line() + b"\n")
        unreadable.chmod(0)
    (logs / "fine.json").write_bytes(b"".join(_line(itemInSession=i) + b"\n" for i in range(50)))
    expected["log_data/fine.json"] = 50
    return Hostile(data, expected)


def test_every_bad_input_is_named_and_every_good_line_lands_once(clean_db, db, hostile):
    result = cli(clean_db, "load", "sparkify", str(hostile.data))

    assert result.returncode == EXIT_REJECTS, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    landed = dict(query(db, "select source_file, count(*) from raw.sparkify_events group by 1"))
    assert landed == hostile.expected  # exact names, exact counts: nothing merged, split or forged
    assert query(
        db, "select count(*) from raw.sparkify_events where payload->>'page' = 'Forged'"
    ) == [(0,)]

    rejects = query(
        db,
        "select source_file, line_number, reason from raw.load_rejects order by 1, 2 nulls first",
    )
    reasons = {(name, line): reason for name, line, reason in rejects}
    assert reasons[("log_data/cr.json", 2)].startswith("invalid JSON")
    assert "depth" in reasons[("log_data/deep.json", 2)]
    assert any(name == "log_data/binary.json" for name, _ in reasons)
    assert reasons[("log_data/self.json", None)] == "symlink loop: the link points back to itself"
    assert reasons[("log_data/loop", None)].startswith("symlink loop")
    assert reasons[("log_data/caf\\xe9.json", None)].startswith("the file name is not valid UTF-8")
    assert reasons[("log_data/unreadable.json", None)].startswith("could not read the file")
    assert "rejected" in result.stdout

    # A rerun changes nothing and reports the same rejects.
    again = cli(clean_db, "load", "sparkify", str(hostile.data))
    assert again.returncode == EXIT_REJECTS
    assert (
        dict(query(db, "select source_file, count(*) from raw.sparkify_events group by 1"))
        == hostile.expected
    )
    assert query(db, "select count(*) from raw.load_rejects") == [(len(rejects),)]


def test_a_bad_song_file_spoils_nothing_else_in_its_batch(clean_db, db, tmp_path):
    songs = tmp_path / "data" / "song_data"
    songs.mkdir(parents=True)
    for i in range(30):
        song = {"song_id": f"SO{i:04d}", "artist_id": "AR1", "title": f"t{i}", "duration": 1.0}
        (songs / f"S{i:04d}.json").write_text(json.dumps(song))
    (songs / "S9999.json").write_bytes(b'{"song_id": "SOBAD", "title": [' + b"[" * 5000 + b"}")
    os.symlink("/proc/self/mem" if os.geteuid() == 0 else songs / "gone", songs / "S9998.json")

    result = cli(clean_db, "load", "sparkify", str(tmp_path / "data"))

    assert result.returncode == EXIT_REJECTS, result.stdout + result.stderr
    assert query(db, "select count(*) from raw.sparkify_songs") == [(30,)]
    assert {name for (name,) in query(db, "select source_file from raw.load_rejects")} == {
        "song_data/S9999.json",
        "song_data/S9998.json",
    }
