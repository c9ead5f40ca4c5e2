"""Landing on Spark keeps the raw layer's contract: one row per good line with its file
and line number, bad lines in raw.load_rejects with a reason and never aborting the
batch, reruns that add nothing, changed files that replace their rows, and the exit
codes 0/3/1 of the PostgreSQL loader."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from loader.music_store.generate import generate_music_store
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import PROJECT_ROOT
from tests.python.sparkify.warehouse import day_files, lines

SPEC = SparkifySpec(songs=20, users=8, days=2, events=400, seed=3)
ODD_NAME = "log_data/odd [1], {a}+b.json"


@pytest.fixture(scope="module")
def data(spark, tmp_path_factory):
    data = tmp_path_factory.mktemp("spark_load") / "sparkify"
    generate_sparkify(data, SPEC)
    bad = data / "log_data" / "bad.json"
    good = json.dumps(lines(_days(data)[0])[0])
    bad.write_bytes(
        b"\xef\xbb\xbf" + good.encode() + b"\r\n"  # a BOM and a CRLF: still good
        + b"{not json\n"
        + b"[1, 2]\n"
        + b"\n"
        + b'{"page": "caf\xe9"}\n'  # latin-1: not UTF-8
        + good.encode() + b"\n"
    )  # fmt: skip
    (data / ODD_NAME).write_text(good + "\n")
    return data


def _days(data) -> list:
    """The generated day files (not the files the tests add)."""
    return [path for path in day_files(data) if path.name.endswith("-events.json")]


def _raw_counts(spark) -> dict[str, int]:
    return dict(spark.query("select source_file, count(*) from raw.sparkify_events group by 1"))


def test_every_good_line_lands_and_every_bad_line_is_named(spark, data):
    report = spark.load(data)

    assert report.exit_code == 3
    expected = {str(path.relative_to(data)): len(lines(path)) for path in _days(data)}
    expected.update({"log_data/bad.json": 2, ODD_NAME: 1})
    assert _raw_counts(spark) == expected
    rejects = spark.query(
        "select line_number, reason from raw.load_rejects "
        "where source_file = 'log_data/bad.json' order by 1"
    )
    assert [line for line, _ in rejects] == [2, 3, 5]
    assert "not a JSON object" in rejects[0][1]
    assert "UTF-8" in rejects[2][1]
    assert spark.query("select count(*) from raw.sparkify_songs")[0][0] == SPEC.songs


def test_a_rerun_adds_nothing(spark, data):
    before = _raw_counts(spark)
    report = spark.load(data)
    events = report.sources[1]
    assert events.landed == [] and events.files_unchanged == events.files_seen
    assert _raw_counts(spark) == before
    assert report.exit_code == 3  # the bad lines are still outstanding


def test_a_changed_file_replaces_its_rows_only(spark, data):
    before = _raw_counts(spark)
    day = _days(data)[-1]
    name = str(day.relative_to(data))
    kept = lines(day)[:5]
    day.write_text("".join(json.dumps(event) + "\n" for event in kept))
    (seq_before,) = spark.query(
        f"select load_seq from raw.load_manifest where source_file = '{name}'"
    )[0]

    report = spark.load(data)

    assert report.sources[1].landed == [name]
    after = _raw_counts(spark)
    assert after[name] == 5
    assert {k: v for k, v in after.items() if k != name} == {
        k: v for k, v in before.items() if k != name
    }
    (seq_after,) = spark.query(
        f"select load_seq from raw.load_manifest where source_file = '{name}'"
    )[0]
    assert seq_after > seq_before


def test_store_rejects_name_line_and_reason(spark, tmp_path):
    store = tmp_path / "store"
    generate_music_store(store, customers=10, tracks=50, invoices=20, listens=50, seed=2)
    invoice_lines = store / "invoice_line.csv"
    rows = invoice_lines.read_text().splitlines()
    header = rows[0].split(",")
    broken = rows[1].split(",")
    broken[header.index("quantity")] = "two"
    rows[1] = ",".join(broken)
    invoice_lines.write_text("\n".join(rows) + "\n")

    report = spark.load_store(store)

    assert report.exit_code == 3
    (reject,) = spark.query(
        "select source_file, line_number, reason from raw.load_rejects "
        "where source = 'music_store_invoice_line'"
    )
    assert reject[0] == "invoice_line.csv" and reject[1] == 2
    assert "quantity" in reject[2]
    landed = spark.query("select count(*) from raw.music_store_invoice_line")[0][0]
    assert landed == len(rows) - 2  # the header and the broken line


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loader.cli", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_cli_exit_codes(spark, data, tmp_path):
    assert _cli("load", "sparkify", str(data), "--engine", "spark").returncode == 3

    clean = tmp_path / "clean"
    generate_sparkify(clean, SparkifySpec(songs=5, users=3, days=1, events=50, seed=1))
    spark.reset()
    assert _cli("load", "sparkify", str(clean), "--engine", "spark").returncode == 0

    unreachable = _cli(
        "load", "sparkify", str(clean), "--engine", "spark", SPARKIFY_SPARK_THRIFT_PORT="9"
    )
    assert unreachable.returncode == 1
    assert unreachable.stderr.count("\n") == 1, unreachable.stderr
    assert "cannot reach the Spark Thrift server" in unreachable.stderr
