"""The loader streams: its peak memory does not grow with the size of a log file."""

from __future__ import annotations

import sys

from loader.bench.measure import measure
from loader.sparkify.generate import SparkifySpec, generate_sparkify
from tests.python.helpers import cli_env

LIMIT_MB = 250


def _big_log(root, source_lines: list[bytes], megabytes: int) -> None:
    path = root / "log_data" / "2018" / "11" / "2018-11-01-events.json"
    path.parent.mkdir(parents=True)
    block = b"\n".join(source_lines) + b"\n"
    with path.open("wb") as handle:
        for _ in range(megabytes * 1_000_000 // len(block) + 1):
            handle.write(block)


def _peak_rss(settings, data_dir) -> float:
    command = [sys.executable, "-m", "loader.cli", "load", "sparkify", str(data_dir)]
    result = measure(command, cli_env(settings))
    assert result.returncode == 0, result.output
    return result.peak_rss_mb


def test_peak_memory_is_flat_in_file_size(clean_db, tmp_path):
    sample = tmp_path / "sample"
    generate_sparkify(sample, SparkifySpec(songs=10, users=10, days=1, events=2000, seed=1))
    lines = [
        line
        for path in (sample / "log_data").rglob("*.json")
        for line in path.read_bytes().splitlines()
    ]
    small, large = tmp_path / "small", tmp_path / "large"
    _big_log(small, lines, 10)
    _big_log(large, lines, 200)
    small_rss = _peak_rss(clean_db, small)
    large_rss = _peak_rss(clean_db, large)
    # Twenty times the data, the same memory: the file is never held whole.
    print(f"peak RSS: 10 MB file {small_rss:.0f} MB, 200 MB file {large_rss:.0f} MB")
    assert large_rss < LIMIT_MB
    assert large_rss - small_rss < 25, (small_rss, large_rss)
