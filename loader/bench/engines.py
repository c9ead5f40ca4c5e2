"""`sparkify bench --engine spark`: the scale story, PostgreSQL and Spark in one run.

On the bench's cached dataset (N events over 30 days, one more day kept aside), each
engine lands the files, builds the Sparkify half from scratch (`dbt build
--full-refresh`), then takes one more day (land it, `dbt run`). Spark runs twice, with
2 workers and with 1, each on a fresh cluster and warehouse: the 1-worker/2-worker ratio
is what a cluster of more machines can be expected to gain. Peak memory is the PSS of
the engine's processes (server and workers) plus the command's, sampled during the step.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from loader.bench.engine_memory import PeakMemory, cpu_seconds, descendants
from loader.bench.runner import (
    BENCH_DIR,
    _count_lines,
    _dbt,
    _env,
    _log_files,
    _reset_database,
    _sparkify,
    _stage_extra_day,
    dataset,
    save_results,
)
from loader.common.settings import ConnectionSettings
from loader.dbt_profile import write_profile

SPARKIFY = ("--selector", "sparkify")
STEPS = {
    "land": "land the events",
    "build": "dbt build --full-refresh",
    "day_land": "one more day: land",
    "day_run": "one more day: dbt run",
}


@dataclass
class EngineRun:
    name: str
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    # Spark only: CPU seconds per step of the executors and of the driver (Thrift server).
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def one_more_day(self) -> float:
        return self.seconds["day_land"] + self.seconds["day_run"]


def _step(
    run: EngineRun,
    key: str,
    command: list[str],
    env: dict,
    roots: list[int],
    roles: dict[str, Callable[[], set[int]]],
) -> None:
    before = {role: cpu_seconds(pids()) for role, pids in roles.items()}
    started = time.perf_counter()
    with PeakMemory(roots) as memory:
        proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    run.seconds[key] = time.perf_counter() - started
    if roles:
        run.cpu[key] = {role: cpu_seconds(pids()) - before[role] for role, pids in roles.items()}
    run.peak_mb[key] = memory.peak_mb
    if proc.returncode not in (0, 3):
        tail = "\n".join(proc.stdout.decode("utf-8", "replace").splitlines()[-20:])
        raise RuntimeError(f"{run.name}: {STEPS[key]} failed (exit {proc.returncode}):\n{tail}")


def _run_steps(run, env, roots, base: Path, day_root: Path, work: Path, engine: list[str], roles):
    target = [*SPARKIFY, *(["--target", "spark"] if engine else [])]
    steps = {
        "land": _sparkify("load", "sparkify", str(base), *engine),
        "build": _dbt("build", "--full-refresh", *target, target=work),
        "day_land": _sparkify("load", "sparkify", str(day_root), *engine),
        "day_run": _dbt("run", *target, target=work),
    }
    for key, command in steps.items():
        _step(run, key, command, env, roots, roles)


def _postgres(settings: ConnectionSettings, base, day_root, work, console) -> EngineRun:
    from loader import embedded

    console.print("PostgreSQL")
    run = EngineRun("PostgreSQL")
    bench = _reset_database(settings)
    roots = [embedded.status().pid] if settings.embedded else []
    if not roots:
        run.notes.append("an external server: memory is the client's only")
    _run_steps(run, _env(bench), roots, base, day_root, work, engine=[], roles={})
    return run


def _free_port_run(length: int) -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if all(_port_free(port) for port in range(base, base + length)):
            return base


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _spark(workers: int, base, day_root, work, console) -> tuple[EngineRun, dict]:
    from loader.spark import auth, cluster
    from loader.spark.runtime import Layout

    console.print(f"Spark, {workers} worker(s)")
    run = EngineRun(f"Spark, {workers} worker{'s' if workers > 1 else ''}")
    state = BENCH_DIR / "work" / f"spark-{workers}"
    ui = _free_port_run(workers + 1)
    env = {
        **os.environ,
        "SPARKIFY_SPARK_DIR": str(state),
        "SPARKIFY_SPARK_UI_PORT": str(ui),
        "SPARKIFY_SPARK_MASTER_PORT": str(_free_port_run(1)),
        "SPARKIFY_SPARK_THRIFT_PORT": str(_free_port_run(1)),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        # A cluster an interrupted bench left in this folder is stopped before its pid
        # files are deleted with the folder: otherwise nothing could stop it any more.
        cluster.down()
        shutil.rmtree(state, ignore_errors=True)
        settings = cluster.ClusterSettings(workers=workers)
        started = time.perf_counter()
        status = cluster.up(settings)
        run.seconds["cluster_up"] = time.perf_counter() - started
        # The steps' `sparkify load` and `dbt` log in to this cluster, not another one a
        # SPARKIFY_SPARK_PASSWORD of ours may name (only the children see it).
        env[auth.PASSWORD_VARIABLE] = auth.thrift_password(Layout(state))
        roots = [pid for pid in [status.master, status.thrift, *status.workers.values()] if pid]
        worker_pids = [pid for pid in status.workers.values() if pid]
        roles = {
            # The executors are the workers' children; the workers themselves only watch.
            "executors": lambda: descendants(worker_pids) - set(worker_pids),
            "driver": lambda: descendants([status.thrift]),
        }
        _run_steps(run, env, roots, base, day_root, work, ["--engine", "spark"], roles)
        reported = cluster.status(settings)
        master = {
            "alive_workers": reported.alive_workers,
            "cores": reported.cores,
            "memory_mb": reported.memory_mb,
            "executors": reported.executors,
        }
    finally:
        cluster.down()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return run, master


def run_engine_bench(
    settings: ConnectionSettings,
    events: int,
    seed: int,
    console: Console,
    worker_counts: tuple[int, ...] = (2, 1),
):
    write_profile(settings.host if settings.embedded else None)
    base, extra = dataset(events, seed)
    work = BENCH_DIR / "work"
    day_root = _stage_extra_day(base, extra, work / "with_extra_day")
    counted = _count_lines(_log_files(base))
    extra_events = _count_lines(_log_files(extra))
    runs = [_postgres(settings, base, day_root, work / "pg", console)]
    masters = {}
    for workers in worker_counts:
        run, master = _spark(workers, base, day_root, work / f"spark-dbt-{workers}", console)
        runs.append(run)
        masters[run.name] = master
    return _summarise(runs, masters, counted, extra_events, console)


def _summarise(runs: list[EngineRun], masters: dict, events: int, extra: int, console):
    postgres, spark = runs[0], {run.name: run for run in runs[1:]}
    two, one = spark.get("Spark, 2 workers"), spark.get("Spark, 1 worker")
    scaling = two is not None and one is not None
    table = Table(title=f"engines: {events:,} events (+{extra:,} in one more day), seconds")
    table.add_column("step", justify="left")
    for run in runs:
        table.add_column(run.name, justify="right")
    if scaling:
        table.add_column("1 worker / 2 workers", justify="right")
    for key, label in STEPS.items():
        ratio = [f"{one.seconds[key] / two.seconds[key]:.2f}"] if scaling else []
        table.add_row(label, *(f"{run.seconds[key]:.1f}" for run in runs), *ratio)
    ratio = [f"{one.one_more_day / two.one_more_day:.2f}"] if scaling else []
    table.add_row("one more day, total", *(f"{run.one_more_day:.1f}" for run in runs), *ratio)
    table.add_row(
        "peak memory, MB (PSS)",
        *(f"{max(run.peak_mb.values()):,.0f}" for run in runs),
        *([""] if scaling else []),
    )
    table.add_row(
        "cluster start",
        "",
        *(f"{run.seconds['cluster_up']:.1f}" for run in runs[1:]),
        *([""] if scaling else []),
    )
    console.print(table)
    for run in runs:
        for key, roles in run.cpu.items():
            split = ", ".join(f"{role} {seconds:.1f}" for role, seconds in roles.items())
            console.print(f"{run.name}, {STEPS[key]}: CPU seconds {split}")
    for name, master in masters.items():
        console.print(f"{name}: the master reported {master}")
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "events": events,
        "extra_day_events": extra,
        "runs": {
            run.name: {
                "seconds": run.seconds,
                "peak_mb": run.peak_mb,
                "cpu_seconds": run.cpu,
                "notes": run.notes,
            }
            for run in runs
        },
        "masters": masters,
        "ratios": {},
    }
    if two is not None:
        for key in ("build", "land"):
            result["ratios"][f"spark2_over_postgres_{key}"] = (
                two.seconds[key] / postgres.seconds[key]
            )
    if scaling:
        for key in ("build", "land", "day_run"):
            result["ratios"][f"one_over_two_workers_{key}"] = one.seconds[key] / two.seconds[key]
    for name, value in result["ratios"].items():
        console.print(f"{name}: {value:.2f}")
    save_results("engines", events, result, console)
    return result
