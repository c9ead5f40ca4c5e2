"""On Spark a dbt build may overlap a load, as on PostgreSQL: while `dbt build --target
spark` runs, a thread keeps changing the data and landing it (a new day, a log file
replaced with lines removed, a changed song, changed store CSVs). Every build passes, no
build reads a half-written table (the row-count guard and every test run in it), and
after the last load an incremental build equals a full refresh row by row."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest

from loader.music_store.generate import generate_music_store
from loader.spark.generations import Catalog, current_generation
from loader.spark.raw_layer import WHOLE
from loader.spark.sql import session
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.sparkify.warehouse import day_files, lines, write_lines

SPEC = SparkifySpec(songs=40, users=12, days=6, events=1500, seed=11, match_share=0.5)
ROUNDS = 2
MART_SCHEMAS = ("sparkify", "music_store")


class Changes:
    """One change to the data at a time, each a kind of change a load must publish whole."""

    def __init__(self, data: Path, held_back: list[tuple[Path, Path]], store: Path) -> None:
        self.data, self.held_back, self.store = data, held_back, store
        self.count = 0

    def next(self) -> None:
        kind = self.count % 4
        self.count += 1
        if kind == 0 and self.held_back:  # a new day
            held, where = self.held_back.pop(0)
            held.rename(where)
        elif kind == 1:  # a log file replaced, every fifth line removed
            day = day_files(self.data)[self.count % len(day_files(self.data))]
            write_lines(day, [e for i, e in enumerate(lines(day)) if i % 5 != self.count % 5])
        elif kind == 2:  # a song file changed
            song_file = sorted((self.data / "song_data").rglob("*.json"))[self.count % SPEC.songs]
            song = json.loads(song_file.read_text())
            song["title"] = f"{song['title']} ({self.count})"
            song_file.write_text(json.dumps(song))
        else:  # a store customer moves: the customers' table is published again
            path = self.store / "customer.csv"
            rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
            city = rows[0].index("city")
            rows[1 + self.count % (len(rows) - 1)][city] = f"Moved {self.count}"
            with path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)


class Loader(threading.Thread):
    """Change and land, again and again, until told to stop."""

    def __init__(self, spark, changes: Changes) -> None:
        super().__init__(daemon=True)
        self.spark, self.changes = spark, changes
        self.stop, self.loads, self.failures = threading.Event(), 0, []

    def run(self) -> None:
        while not self.stop.is_set():
            self.changes.next()
            for report in (
                self.spark.load(self.changes.data),
                self.spark.load_store(self.changes.store),
            ):
                if report.exit_code != 0:
                    self.failures.append(report)
            self.loads += 1


@pytest.fixture(scope="module")
def warehouse(spark, tmp_path_factory):
    spark.reset()
    root = tmp_path_factory.mktemp("spark_overlap")
    data, store, held = root / "data", root / "store", root / "held"
    generate_sparkify(data, SPEC)
    generate_music_store(store, customers=20, tracks=120, invoices=60, listens=400, seed=3)
    held.mkdir()
    held_back = []
    for day in day_files(data)[-ROUNDS:]:
        held_back.append((day.rename(held / day.name), day))
    assert spark.load(data).exit_code == 0 and spark.load_store(store).exit_code == 0
    return Changes(data, held_back, store)


def _catalog(spark) -> Catalog:
    with session() as connection:
        return Catalog.read(connection)


def _current(spark, name: str) -> int:
    with session() as connection:
        return current_generation(connection, name)


def _marts(spark) -> dict:
    return {schema: spark.marts(schema) for schema in MART_SCHEMAS}


def test_builds_racing_loads_pass_and_end_equal_to_a_full_refresh(spark, warehouse):
    for number in range(ROUNDS):  # the first build is a full one, the second incremental
        loader = Loader(spark, warehouse)
        loader.start()
        try:
            spark.dbt()  # every model and test, while the loads go on
        finally:
            loader.stop.set()
            loader.join(timeout=900)
        print(f"round {number + 1}: {loader.loads} loads of each domain overlapped the build")
        assert not loader.failures
        assert loader.loads >= 1  # the build did overlap a load

    assert spark.load(warehouse.data).exit_code == 0
    assert spark.load_store(warehouse.store).exit_code == 0
    spark.dbt(command="run")
    incremental = _marts(spark)
    spark.dbt("--full-refresh", command="run")
    full = _marts(spark)

    for schema in MART_SCHEMAS:
        assert set(incremental[schema]) == set(full[schema])
        for table in full[schema]:
            assert incremental[schema][table] == full[schema][table], f"{schema}.{table}"
    rows = sum(len(full[schema][table][1]) for schema in MART_SCHEMAS for table in full[schema])
    print(f"{sum(map(len, full.values()))} marts, {rows} rows equal to a full refresh")
    assert warehouse.count >= 2 * ROUNDS


def test_a_later_load_drops_only_what_is_out_of_use(spark, warehouse, monkeypatch):
    """Replaced generations and log landings stay for the grace (the race above kept them
    all); once it has passed, the next load drops them, and nothing a reader sees."""
    events, songs = (
        spark.query(f"select count(*) from raw.{name}")[0][0]
        for name in ("sparkify_events", "sparkify_songs")
    )
    kept = {name: _catalog(spark).generations(name) for name in WHOLE}
    assert any(len(generations) > 1 for generations in kept.values())
    monkeypatch.setenv("SPARKIFY_SPARK_GRACE_SECONDS", "0")

    assert spark.load(warehouse.data).exit_code == 0  # nothing new: only the collection

    catalog = _catalog(spark)
    for name in WHOLE:
        assert catalog.generations(name) == [_current(spark, name)], name
    landed = {
        (file, seq)
        for file, seq in spark.query(
            "select source_file, load_seq from raw.load_manifest where source = 'sparkify_events'"
        )
    }
    partitions = spark.query("select distinct source_file, load_seq from raw.sparkify_event_lines")
    assert set(partitions) == landed
    assert spark.query("select count(*) from raw.sparkify_events")[0][0] == events
    assert spark.query("select count(*) from raw.sparkify_songs")[0][0] == songs
