"""The Sparkify loader against a real PostgreSQL: counts, idempotence, bad input, atomicity."""

from __future__ import annotations

import codecs
import os

import psycopg2
import pytest

from loader.common.bookkeeping import SourceFile
from loader.common.load_report import EXIT_OK, EXIT_REJECTS
from loader.common.parallel import _open_worker_connection, worker_connection
from loader.sparkify.batches import Batch, load_batch
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from loader.sparkify.load import load_sparkify
from loader.sparkify.readers import iter_json_lines
from tests.python.helpers import cli, query

SMALL = SparkifySpec(songs=40, users=12, days=3, events=900, seed=7)


@pytest.fixture
def dataset(tmp_path):
    generate_sparkify(tmp_path / "data", SMALL)
    return tmp_path / "data"


def _count_lines(root) -> int:
    return sum(
        1 for p in root.rglob("*.json") for line in p.read_bytes().splitlines() if line.strip()
    )


def test_loads_every_record_once(clean_db, db, dataset):
    report = load_sparkify(dataset, clean_db, workers=2)
    assert report.exit_code == EXIT_OK
    events, songs = (
        query(db, "select count(*) from raw.sparkify_events")[0][0],
        query(db, "select count(*) from raw.sparkify_songs")[0][0],
    )
    assert events == _count_lines(dataset / "log_data") == SMALL.events
    assert songs == len(list((dataset / "song_data").rglob("*.json"))) == SMALL.songs
    # The payload is the record itself: escapes decoded once, quotes kept inside the value.
    agent = query(
        db,
        "select payload->>'userAgent' from raw.sparkify_events "
        "where payload->>'userAgent' is not null limit 1",
    )[0][0]
    assert agent.startswith('"Mozilla/5.0') and agent.endswith('"') and "\\/" not in agent


def test_rerun_changes_nothing_and_touching_files_does_not_reload(clean_db, db, dataset):
    load_sparkify(dataset, clean_db)
    before = query(
        db, "select source_file, line_number, loaded_at from raw.sparkify_events order by 1, 2"
    )
    for path in (dataset / "log_data").rglob("*.json"):
        os.utime(path)  # same content, new modification time
    report = load_sparkify(dataset, clean_db)
    assert report.exit_code == EXIT_OK
    assert sum(s.files_loaded for s in report.sources) == 0
    after = query(
        db, "select source_file, line_number, loaded_at from raw.sparkify_events order by 1, 2"
    )
    assert after == before


def test_changed_file_replaces_its_rows(clean_db, db, dataset):
    load_sparkify(dataset, clean_db)
    path = sorted((dataset / "log_data").rglob("*.json"))[0]
    name = path.relative_to(dataset).as_posix()
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\n".join(lines[:10]) + b"\n")
    load_sparkify(dataset, clean_db)
    rows = query(
        db,
        "select count(*), max(line_number) from raw.sparkify_events where source_file = %s",
        (name,),
    )
    assert rows == [(10, 10)]
    assert query(db, "select count(*) from raw.sparkify_events")[0][0] == (
        SMALL.events - len(lines) + 10
    )


def test_bad_log_file_lands_good_lines_and_exits_3(clean_db, db, tmp_path):
    log = tmp_path / "data" / "log_data" / "2018" / "11" / "2018-11-30-events.json"
    log.parent.mkdir(parents=True)
    good = b'{"page": "NextSong", "userAgent": "\\"Mozilla\\/5.0\\"", "song": "Caf\\u00e9"}'
    log.write_bytes(
        codecs.BOM_UTF8
        + good
        + b"\r\n"
        + b"\r\n"
        + b'{"page": "Home", oops}\r\n'
        + b'{"page": "Home", "note": "\\u0000"}\r\n'
        + good.replace(b"NextSong", b"Home")
    )
    result = cli(clean_db, "load", "sparkify", str(tmp_path / "data"))
    assert result.returncode == EXIT_REJECTS, result.stderr
    assert "2 rejected" in result.stdout and "raw.load_rejects" in result.stdout
    assert query(
        db, "select line_number, payload->>'song' from raw.sparkify_events order by 1"
    ) == [(1, "Café"), (5, "Café")]
    rejects = query(db, "select line_number, reason, raw_line from raw.load_rejects order by 1")
    assert [r[0] for r in rejects] == [3, 4]
    assert rejects[0][1].startswith("invalid JSON") and "oops" in rejects[0][2]
    assert "NUL" in rejects[1][1]
    # Rerunning the same file reports the same rejects and adds nothing.
    again = cli(clean_db, "load", "sparkify", str(tmp_path / "data"))
    assert again.returncode == EXIT_REJECTS
    assert query(db, "select count(*) from raw.load_rejects")[0][0] == 2
    assert query(db, "select count(*) from raw.sparkify_events")[0][0] == 2


def test_broken_song_file_is_recorded(clean_db, db, dataset):
    broken = dataset / "song_data" / "Z" / "Z" / "Z" / "TRZZZZZ128F0000000.json"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b'{"song_id": "SOBROKEN", "title": ')
    report = load_sparkify(dataset, clean_db)
    assert report.exit_code == EXIT_REJECTS
    assert query(db, "select source_file, line_number from raw.load_rejects") == [
        ("song_data/Z/Z/Z/TRZZZZZ128F0000000.json", 1)
    ]
    assert query(db, "select count(*) from raw.sparkify_songs")[0][0] == SMALL.songs


def test_failure_mid_file_leaves_nothing_half_written(clean_db, db, dataset):
    load_sparkify(dataset, clean_db)  # creates the raw tables
    path = sorted((dataset / "log_data").rglob("*.json"))[0]
    name = "log_data/interrupted.json"

    def read_then_fail(source_file, thorough):
        for i, record in enumerate(iter_json_lines(source_file.path, thorough)):
            if i == 50:
                raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-file
            yield record

    stat = path.stat()
    batch = Batch(
        "sparkify_events",
        "sparkify_events",
        (SourceFile(name, path, stat.st_size, stat.st_mtime_ns, "x"),),
        read_then_fail,
    )
    _open_worker_connection(clean_db)
    # psycopg2 reports an exception raised while COPY reads as the COPY's own failure.
    with pytest.raises((KeyboardInterrupt, psycopg2.Error)):
        load_batch(batch)
    worker_connection().close()  # it holds the workers' lock, which the next load awaits
    assert (
        query(db, "select count(*) from raw.sparkify_events where source_file = %s", (name,))[0][0]
        == 0
    )
    assert (
        query(db, "select count(*) from raw.load_manifest where source_file = %s", (name,))[0][0]
        == 0
    )


def test_a_file_with_many_bad_lines_loads_every_good_line(clean_db, db, tmp_path):
    # Object-shaped but broken lines pass the client's quick check, so the server refuses
    # the first attempt; the thorough retry must then name every bad line, however many.
    log = tmp_path / "data" / "log_data" / "noisy.json"
    log.parent.mkdir(parents=True)
    lines = [b'{"n": %d}' % i if i % 3 else b'{"n": %d, oops}' % i for i in range(1, 601)]
    log.write_bytes(b"\n".join(lines) + b"\n")
    report = load_sparkify(tmp_path / "data", clean_db)
    assert report.exit_code == EXIT_REJECTS
    assert query(db, "select count(*) from raw.sparkify_events")[0][0] == 400
    rejects = query(db, "select line_number, reason from raw.load_rejects order by 1")
    assert [r[0] for r in rejects] == list(range(3, 601, 3))
    assert all(r[1].startswith("invalid JSON") for r in rejects)


def test_a_latin1_line_is_rejected_and_the_utf8_lines_land(clean_db, db, tmp_path):
    # Shaped like an object, so only the server's encoding check catches it at first.
    log = tmp_path / "data" / "log_data" / "mixed.json"
    log.parent.mkdir(parents=True)
    log.write_bytes(
        b'{"city": "Paris"}\n'
        + '{"city": "Montréal"}\n'.encode("latin-1")
        + '{"city": "Zürich"}\n'.encode()
    )
    assert load_sparkify(tmp_path / "data", clean_db).exit_code == EXIT_REJECTS
    assert query(db, "select payload->>'city' from raw.sparkify_events order by 1") == [
        ("Paris",),
        ("Zürich",),
    ]
    rejects = query(db, "select line_number, reason from raw.load_rejects")
    assert rejects[0][0] == 2 and "UTF-8" in rejects[0][1]


def test_record_the_server_refuses_is_rejected_and_the_rest_lands(clean_db, db, tmp_path):
    load_sparkify(tmp_path, clean_db)  # empty directory: creates the raw tables only
    path = tmp_path / "x.json"
    path.write_bytes(b"{}\n")

    def read(source_file, thorough):
        # Bypass the client-side checks to exercise the server-side safety net.
        yield 1, b'{"a": 1}'
        yield 2, b'{"a": nope}'
        yield 3, b'{"a": 3}'

    stat = path.stat()
    batch = Batch(
        "sparkify_events",
        "sparkify_events",
        (SourceFile("x.json", path, stat.st_size, stat.st_mtime_ns, "h"),),
        read,
    )
    _open_worker_connection(clean_db)
    result = load_batch(batch)
    worker_connection().close()
    assert result.rows == {"x.json": 2} and result.rejects == {"x.json": 1}
    reason = query(db, "select line_number, reason from raw.load_rejects")
    assert reason[0][0] == 2 and reason[0][1].startswith("refused by PostgreSQL")


def test_missing_directories_are_fine_and_missing_data_dir_is_an_error(clean_db, tmp_path):
    assert load_sparkify(tmp_path, clean_db).exit_code == EXIT_OK
    result = cli(clean_db, "load", "sparkify", str(tmp_path / "nope"))
    assert result.returncode == 1 and "data directory not found" in result.stderr
