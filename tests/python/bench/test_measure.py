"""The benchmark's measuring stick (loader/bench/measure.py): a command's time, exit code,
output and peak memory, its own and not the test runner's."""

from __future__ import annotations

import os
import sys

from loader.bench.measure import measure

ALLOCATE = "block = bytearray({mb} * 1024 * 1024); block[::4096] = b'x' * len(block[::4096])"


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_peak_memory_is_the_commands_own():
    small = measure(_python("print('small')"), dict(os.environ))
    large = measure(_python(ALLOCATE.format(mb=200) + "; print('large')"), dict(os.environ))
    assert (small.returncode, large.returncode) == (0, 0)
    assert "small" in small.output and "large" in large.output
    assert small.peak_rss_mb < 100  # a bare interpreter, not the test runner's pages
    assert 190 < large.peak_rss_mb - small.peak_rss_mb < 260
    assert small.seconds > 0


def test_a_failing_command_gives_its_exit_code_and_output():
    failed = measure(_python("import sys; print('nope', file=sys.stderr); sys.exit(3)"), {})
    assert failed.returncode == 3 and "nope" in failed.output
