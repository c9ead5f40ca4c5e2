"""On Spark nothing landed is lost: a missing folder or file keeps its rows, load_seq only
grows even when the manifest is wiped, Ctrl-C cancels the running statement before the
lock is released, and the manifest holds real content hashes and reject counts."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loader.common.bookkeeping import content_hash
from loader.music_store.generate import generate_music_store
from loader.spark.generations import Catalog, current_generation, generation_table
from loader.spark.raw_layer import WHOLE
from loader.spark.runtime import Layout, state_dir
from loader.spark.sql import session
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import PROJECT_ROOT, like_a_terminal
from tests.python.music_store.bad_values import store_with_bad_values
from tests.python.sparkify.warehouse import day_files, lines

SPEC = SparkifySpec(songs=12, users=6, days=2, events=200, seed=5)


def _generate(data: Path) -> Path:
    generate_sparkify(data, SPEC)
    return data


def _counts(spark, table: str = "raw.sparkify_events") -> dict[str, int]:
    return dict(spark.query(f"select source_file, count(*) from {table} group by 1"))


def _manifest(spark, source: str) -> dict[str, tuple]:
    rows = spark.query(
        "select source_file, content_hash, rows_loaded, rows_rejected, load_seq, modified_ns "
        f"from raw.load_manifest where source = '{source}'"
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def _songs(data: Path) -> list[Path]:
    return sorted((data / "song_data").rglob("*.json"))


def test_a_load_without_song_data_keeps_every_song(spark, tmp_path):
    spark.reset()
    data = _generate(tmp_path / "sparkify")
    assert spark.load(data).exit_code == 0
    songs, manifest = _counts(spark, "raw.sparkify_songs"), _manifest(spark, "sparkify_songs")
    assert sum(songs.values()) == SPEC.songs

    logs_only = tmp_path / "logs_only"
    shutil.copytree(data / "log_data", logs_only / "log_data")
    report = spark.load(logs_only)

    assert report.exit_code == 0 and report.sources[0].landed == []
    assert _counts(spark, "raw.sparkify_songs") == songs
    assert _manifest(spark, "sparkify_songs") == manifest


def test_vanished_files_keep_their_rows(spark, tmp_path):
    spark.reset()
    data = _generate(tmp_path / "sparkify")
    assert spark.load(data).exit_code == 0
    songs, events = _counts(spark, "raw.sparkify_songs"), _counts(spark)
    gone_song, changed_song, *_ = _songs(data)
    gone_log = day_files(data)[0]
    gone_song.unlink()
    gone_log.unlink()
    changed_song.write_text(changed_song.read_text() + "\n")  # every song lands again

    report = spark.load(data)

    assert report.sources[0].landed == [str(changed_song.relative_to(data))]
    assert _counts(spark, "raw.sparkify_songs") == songs
    assert _counts(spark) == events
    for source, path in ("sparkify_songs", gone_song), ("sparkify_events", gone_log):
        assert str(path.relative_to(data)) in _manifest(spark, source)


def test_a_missing_optional_store_file_keeps_its_table(spark, tmp_path):
    spark.reset()
    store = tmp_path / "store"
    generate_music_store(store, customers=10, tracks=40, invoices=15, listens=40, seed=4)
    assert spark.load_store(store).exit_code == 0
    listens = spark.query("select count(*) from raw.music_store_listening_history")[0][0]
    assert listens > 0
    (store / "listening_history.csv").unlink()
    genres = store / "genre.csv"
    genres.write_text(genres.read_text() + "99,Polka\n")  # a change: the store lands again

    report = spark.load_store(store)

    assert report.exit_code == 0
    assert spark.query("select count(*) from raw.music_store_listening_history")[0][0] == listens
    assert "listening_history.csv" in _manifest(spark, "music_store_listening_history")
    assert spark.query("select count(*) from raw.music_store_genre where genre_id = 99") == [(1,)]


def test_load_seq_grows_after_the_manifest_is_lost(spark, tmp_path):
    spark.reset()
    data = _generate(tmp_path / "sparkify")
    spark.load(data)
    day = day_files(data)[-1]
    day.write_text(day.read_text() + json.dumps(lines(day)[0]) + "\n")
    spark.load(data)
    (highest,) = spark.query("select max(load_seq) from raw.load_manifest")[0]
    assert highest == 2
    # A manifest lost (say, its files deleted by hand): numbering must not restart.
    with session() as connection:
        connection.execute(f"truncate table {_current_generation(connection, 'load_manifest')}")

    spark.load(data)

    assert spark.query("select min(load_seq), count(*) from raw.load_manifest")[0] == (
        highest + 1,
        SPEC.songs + len(day_files(data)),
    )


def test_content_hash_is_the_files_sha256(spark, tmp_path):
    spark.reset()
    data = _generate(tmp_path / "sparkify")
    spark.load(data)
    day = day_files(data)[0]
    name = str(day.relative_to(data))
    for source, paths in ("sparkify_events", day_files(data)), ("sparkify_songs", _songs(data)):
        recorded = _manifest(spark, source)
        assert {str(p.relative_to(data)): recorded[str(p.relative_to(data))][0] for p in paths} == {
            str(p.relative_to(data)): content_hash(p) for p in paths
        }  # the same values as the PostgreSQL loader's
    before = _manifest(spark, "sparkify_events")[name]

    os.utime(day, ns=(day.stat().st_atime_ns, day.stat().st_mtime_ns + 10**9))  # a touch
    touched = spark.load(data)

    assert touched.sources[1].landed == []
    after = _manifest(spark, "sparkify_events")[name]
    assert after[:4] == before[:4] and after[4] == day.stat().st_mtime_ns

    day.write_text(day.read_text() + json.dumps(lines(day)[0]) + "\n")
    changed = spark.load(data)

    assert changed.sources[1].landed == [name]
    assert _manifest(spark, "sparkify_events")[name][0] == content_hash(day) != before[0]


def test_store_reject_counts_and_reasons_as_on_postgres(spark, tmp_path):
    """rules.py's reasons, the same as the PostgreSQL loader gives for the same values
    (tests/python/music_store/test_store_rules.py)."""
    spark.reset()
    store, expected = store_with_bad_values(tmp_path / "store")

    assert spark.load_store(store).exit_code == 3

    assert _manifest(spark, "music_store_invoice_line")["invoice_line.csv"][2] == len(expected)
    reasons = spark.query(
        "select reason from raw.load_rejects "
        "where source = 'music_store_invoice_line' order by line_number"
    )
    assert [reason for (reason,) in reasons] == expected


def test_a_data_directory_with_pattern_characters(spark, tmp_path):
    spark.reset()
    data = _generate(tmp_path / "data[1]" / "sparkify")
    decoy = tmp_path / "data1" / "sparkify"  # what the pattern data[1] would match
    generate_sparkify(decoy, SparkifySpec(songs=3, users=2, days=1, events=20, seed=9))
    store = tmp_path / "store[1]"
    generate_music_store(store, customers=5, tracks=20, invoices=5, listens=10, seed=1)

    assert spark.load(data).exit_code == 0
    assert spark.load_store(store).exit_code == 0

    assert _counts(spark) == {str(p.relative_to(data)): len(lines(p)) for p in day_files(data)}
    assert sum(_counts(spark, "raw.sparkify_songs").values()) == SPEC.songs
    assert set(_manifest(spark, "sparkify_songs")) == {
        str(p.relative_to(data)) for p in _songs(data)
    }


def _cli_env() -> dict[str, str]:
    return {**os.environ}  # the spark fixture has set SPARKIFY_SPARK_*


def test_ctrl_c_cancels_the_running_statement(spark, tmp_path):
    spark.reset()
    sample = tmp_path / "sample"
    generate_sparkify(sample, SparkifySpec(songs=5, users=10, days=1, events=3000, seed=2))
    text = b"".join(p.read_bytes() for p in (sample / "log_data").rglob("*.json"))
    data = tmp_path / "data"
    shutil.copytree(sample / "song_data", data / "song_data")
    for number in range(12):  # about 12 x 15 MB: several seconds of Spark work
        path = data / "log_data" / f"2018-11-{number + 1:02d}-events.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text * 12)
    expected = {f"log_data/{p.name}": text.count(b"\n") * 12 for p in day_files(data)}
    events = Layout(state_dir()).warehouse / "raw.db" / "sparkify_event_lines"
    command = [sys.executable, "-m", "loader.cli", "load", "sparkify", str(data)]
    command += ["--engine", "spark"]

    proc = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=_cli_env(),
        start_new_session=True,
        preexec_fn=like_a_terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    # The `insert into raw.sparkify_event_lines` is writing: interrupt it there.
    while not (events / "_temporary").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err

    rerun = subprocess.run(
        command, cwd=PROJECT_ROOT, env=_cli_env(), capture_output=True, text=True, timeout=600
    )

    assert rerun.returncode == 0, rerun.stderr
    assert _counts(spark) == expected
    assert spark.query(
        "select count(*), count(distinct source_file, line_number), "
        "count_if(line_number < 1 or line_number > " + str(max(expected.values())) + ") "
        "from raw.sparkify_events"
    ) == [(sum(expected.values()), sum(expected.values()), 0)]
    assert spark.query("select count(*) from raw.load_rejects") == [(0,)]


def _current_generation(connection, name: str) -> str:
    return generation_table(name, current_generation(connection, name))


@pytest.fixture(autouse=True)
def _nothing_left_unpublished(spark):
    """After every load here, each raw relation's newest generation is the one it shows."""
    yield
    with session() as connection:
        catalog = Catalog.read(connection)
        for name in WHOLE:
            generations = catalog.generations(name)
            if generations:
                newest = generation_table(name, generations[-1])
                assert _current_generation(connection, name) == newest
