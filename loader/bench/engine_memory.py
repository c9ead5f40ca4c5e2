"""Peak memory of an engine during a step: the proportional set size (PSS) of its server
processes plus the command's, sampled while the command runs. PSS counts a shared page
once across the processes sharing it (PostgreSQL's shared buffers, the JVMs' code).
Also the CPU time long-lived processes (Spark's executors and driver) spend in a step."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def descendants(roots: list[int]) -> set[int]:
    """The roots and every process below them."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, stack = set(), list(roots)
    while stack:
        pid = stack.pop()
        if pid not in found:
            found.add(pid)
            stack.extend(children.get(pid, []))
    return found


def pss_mb(pids: set[int]) -> float:
    total_kib = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
                    break
        except OSError:
            continue
    return total_kib / 1024


TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: set[int]) -> float:
    """User plus system CPU time these processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / TICKS_PER_SECOND


class PeakMemory:
    """Samples the PSS of the server roots' trees and of our own children until stopped."""

    def __init__(self, server_roots: list[int], interval: float = 0.5) -> None:
        self.server_roots, self.interval = server_roots, interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            pids = descendants(self.server_roots) | (descendants([os.getpid()]) - {os.getpid()})
            self.peak_mb = max(self.peak_mb, pss_mb(pids))
            if self._stop.wait(self.interval):
                return
