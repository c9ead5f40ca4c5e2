"""Time a command in its own process and read its peak memory from the kernel."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass

from loader.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def measure(args: list[str], env: dict[str, str]) -> Measurement:
    """Run `args`; peak RSS covers the process and the workers it waited for."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(seconds, usage.ru_maxrss / 1024, proc.returncode, output)
