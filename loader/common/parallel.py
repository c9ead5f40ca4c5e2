"""Run independent load jobs on both cores, each worker with its own connection."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

from loader.common.connection import connect
from loader.common.settings import ConnectionSettings

Job = TypeVar("Job")
Result = TypeVar("Result")

_worker_conn = None


def _init_worker(settings: ConnectionSettings) -> None:
    global _worker_conn
    _worker_conn = connect(settings)


def worker_connection():
    return _worker_conn


def default_workers() -> int:
    return max(1, min(int(os.environ.get("SPARKIFY_LOAD_WORKERS", 0)) or os.cpu_count() or 1, 8))


def run_jobs(
    settings: ConnectionSettings,
    func: Callable[[Job], Result],
    jobs: Sequence[Job],
    workers: int | None = None,
) -> Iterator[tuple[Job, Result | BaseException]]:
    """Yield (job, result or the exception it raised) as jobs finish."""
    workers = min(workers or default_workers(), len(jobs))
    if workers <= 1:
        _init_worker(settings)
        try:
            for job in jobs:
                try:
                    yield job, func(job)
                except Exception as exc:  # reported per job; the caller decides the exit code
                    yield job, exc
        finally:
            _worker_conn.close()
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        futures = {pool.submit(func, job): job for job in jobs}
        for future in as_completed(futures):
            exc = future.exception()
            yield futures[future], exc if exc is not None else future.result()
