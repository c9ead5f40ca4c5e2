"""Run independent load jobs on worker processes, each with its own connection.

Workers never outlive the load that started them: the kernel kills them when their parent
ends, even by kill -9 (PR_SET_PDEATHSIG), and the parent kills them on Ctrl-C or a fatal
failure. A worker killed mid-file leaves nothing behind: its transaction dies with its
connection. While connected, each worker holds WORKERS_LOCK in shared mode; a new load
takes it exclusively first (wait_for_stray_workers), so it plans nothing until the
server has seen the last worker of a killed load go.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

from loader.common.connection import connect
from loader.common.errors import Failure, describe
from loader.common.locks import hold_shared, wait_for_exclusive
from loader.common.settings import ConnectionSettings

Job = TypeVar("Job")
Result = TypeVar("Result")

WORKERS_LOCK = "sparkify-load-workers"
PR_SET_PDEATHSIG = 1

_worker_conn = None


def worker_connection():
    return _worker_conn


def default_workers() -> int:
    return max(1, min(int(os.environ.get("SPARKIFY_LOAD_WORKERS", 0)) or os.cpu_count() or 1, 8))


def wait_for_stray_workers(conn, say: Callable[[str], None]) -> None:
    """Return once no worker of an earlier load is still connected."""
    wait_for_exclusive(
        conn,
        WORKERS_LOCK,
        say,
        "worker processes of an interrupted load are still connected; waiting for the "
        "server to end their sessions",
        release=True,
    )


def _open_worker_connection(settings: ConnectionSettings) -> None:
    global _worker_conn
    _worker_conn = connect(settings)
    hold_shared(_worker_conn, WORKERS_LOCK)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    job: int | None = None
    alive: bool = True


class WorkerPool(Generic[Job, Result]):
    """`with WorkerPool(settings, func, jobs) as pool: for job, outcome in pool.outcomes():`

    An outcome is func's result or a Failure. After a fatal Failure no further job is
    started, and the jobs not started come back as Failures saying so. With one worker
    the jobs run in this process.
    """

    def __init__(
        self,
        settings: ConnectionSettings,
        func: Callable[[Job], Result],
        jobs: Sequence[Job],
        workers: int | None = None,
    ) -> None:
        self.settings, self.func, self.jobs = settings, func, jobs
        self.size = min(workers or default_workers(), len(jobs))
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool[Job, Result]:
        if self.size > 1:
            context = multiprocessing.get_context("fork")
            for _ in range(self.size):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=_worker_main,
                    args=(self.settings, self.func, self.jobs, theirs, os.getpid()),
                    daemon=True,
                )
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, ours))
        return self

    def __exit__(self, *exc_info) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.conn.close()
        if self.size <= 1 and _worker_conn is not None:
            _worker_conn.close()

    def outcomes(self) -> Iterator[tuple[Job, Result | Failure]]:
        if self.size <= 1:
            yield from self._in_process()
        else:
            yield from self._from_workers()

    def _in_process(self) -> Iterator[tuple[Job, Result | Failure]]:
        if not self.jobs:
            return
        try:
            _open_worker_connection(self.settings)
        except Exception as exc:
            yield from self._not_started(range(len(self.jobs)), describe(exc))
            return
        for index, job in enumerate(self.jobs):
            try:
                outcome: Result | Failure = self.func(job)
            except Exception as exc:
                outcome = describe(exc)
            yield job, outcome
            if isinstance(outcome, Failure) and outcome.fatal:
                yield from self._not_started(range(index + 1, len(self.jobs)), outcome)
                return

    def _from_workers(self) -> Iterator[tuple[Job, Result | Failure]]:
        pending = deque(range(len(self.jobs)))
        stopped: Failure | None = None
        while live := [w for w in self.workers if w.alive]:
            ready = wait([w.conn for w in live] + [w.process.sentinel for w in live])
            for worker in live:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                message = _receive(worker.conn) if worker.conn in ready else None
                if message is None:  # its pipe closed: it ended, told to or killed
                    worker.process.join()
                    worker.alive = False
                    if worker.job is not None:
                        yield self.jobs[worker.job], _died(worker.process)
                    continue
                kind, *rest = message
                if kind == "unable":
                    stopped = stopped or rest[0]
                elif kind != "ready":
                    index, outcome = rest
                    worker.job = None
                    yield self.jobs[index], outcome
                    if isinstance(outcome, Failure) and outcome.fatal:
                        stopped = stopped or outcome
                worker.job = pending.popleft() if pending and stopped is None else None
                try:
                    worker.conn.send(worker.job)  # None tells it to finish
                except OSError:  # it died meanwhile: the job was never started
                    if worker.job is not None:
                        pending.appendleft(worker.job)
                    worker.job = None
        if pending:
            cause = stopped or Failure("every worker process ended before this file's turn")
            yield from self._not_started(pending, cause)

    def _not_started(self, indexes, cause: Failure) -> Iterator[tuple[Job, Failure]]:
        for index in indexes:
            yield (
                self.jobs[index],
                Failure(
                    f"not attempted: the load stopped ({cause.message})", cause.fatal, cause.advice
                ),
            )


def _receive(conn: Connection) -> tuple | None:
    try:
        return conn.recv()
    except (EOFError, OSError):
        return None


def _died(process) -> Failure:
    code = process.exitcode
    how = (
        f"was killed by {signal.Signals(-code).name}"
        if code is not None and code < 0
        else f"exited with code {code}"
    )
    return Failure(
        f"the worker process landing it {how}; nothing of this file was kept",
        advice="run the same command again",
    )


def _worker_main(settings, func, jobs, conn: Connection, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _open_worker_connection(settings)
    except Exception as exc:
        conn.send(("unable", describe(exc)))
        return
    conn.send(("ready",))
    while (index := conn.recv()) is not None:
        try:
            conn.send(("done", index, func(jobs[index])))
        except Exception as exc:
            conn.send(("failed", index, describe(exc)))


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the pipe to the parent still ends the worker after its job
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
