"""Time a command in its own process and read its peak memory from the kernel."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from loader.common.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def measure(args: list[str], env: dict[str, str]) -> Measurement:
    """Run `args`; peak RSS covers the process and the workers it waited for."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "loader.bench.peak_rss", rss.name, *args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        seconds = time.perf_counter() - started
        peak_kib = int(rss.read() or 0)
    output = proc.stdout.decode("utf-8", "replace")
    return Measurement(seconds, peak_kib / 1024, proc.returncode, output)
