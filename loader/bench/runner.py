"""The benchmark's steps, run R times on one server, summarised as medians and ratios."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from psycopg2 import sql
from rich.console import Console
from rich.table import Table

from loader.bench.baseline import run_baseline
from loader.bench.measure import measure
from loader.common.connection import connect
from loader.common.settings import PROJECT_ROOT, ConnectionSettings
from loader.dbt_profile import write_profile
from loader.music_store.generate import generate_music_store
from loader.sparkify.generate import SparkifySpec, generate_sparkify

BENCH_DIR = PROJECT_ROOT / "benchmarks"
CACHE_DIR = BENCH_DIR / "cache"
RESULTS_DIR = BENCH_DIR / "results"
BENCH_DATABASE = "sparkify_bench"
DAYS = 30
ONE_GB = 1 << 30
SPARKIFY = ("--selector", "sparkify")
MUSIC_STORE = ("--selector", "music_store")


@dataclass
class Step:
    name: str
    records: int = 0
    megabytes: float = 0.0
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def rate(self) -> float:
        return self.records / self.median if self.seconds and self.records else float("nan")


@dataclass
class BenchPlan:
    events: int
    runs: int
    store_invoice_lines: int
    seed: int = 42


def dataset(events: int, seed: int) -> tuple[Path, Path]:
    """N events over 30 days plus one more day kept aside, generated once and cached."""
    root = CACHE_DIR / f"sparkify-{events}-seed{seed}"
    base, extra = root / "base", root / "extra_day"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        spec = SparkifySpec(
            songs=max(300, events // 200),
            users=max(100, events // 1000),
            days=DAYS + 1,
            events=round(events * (DAYS + 1) / DAYS),
            seed=seed,
        )
        generate_sparkify(base, spec)
        # The last day (and whatever of it ran past midnight) is the day that arrives later.
        first_new = (date.fromisoformat(spec.start_date) + timedelta(days=DAYS)).isoformat()
        for path in _log_files(base):
            if path.name[:10] >= first_new:
                target = extra / path.relative_to(base)
                target.parent.mkdir(parents=True, exist_ok=True)
                path.rename(target)
        (root / ".complete").touch()
    return base, extra


def _log_files(root: Path) -> list[Path]:
    return sorted((root / "log_data").rglob("*.json"))


def _count_lines(files: list[Path]) -> int:
    total = 0
    for path in files:
        with path.open("rb") as handle:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return total


def _reset_database(settings: ConnectionSettings) -> ConnectionSettings:
    admin = connect(settings)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(
            sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(BENCH_DATABASE)
            )
        )
        cur.execute(sql.SQL("create database {}").format(sql.Identifier(BENCH_DATABASE)))
    admin.close()
    return replace(settings, dbname=BENCH_DATABASE)


def bare_copy_floor(settings: ConnectionSettings, files: list[Path]) -> float:
    """The floor: the same lines COPYed as they are into a one-column jsonb table, one core.

    The files are streamed untouched, as CSV with a delimiter and quote no generated line
    holds: no client work at all, only the server's parsing into jsonb."""
    conn = connect(settings)
    with conn.cursor() as cur:
        cur.execute("drop table if exists public.floor_events")
        cur.execute("create table public.floor_events (payload jsonb)")
    conn.commit()
    statement = (
        "copy public.floor_events (payload) from stdin "
        "with (format csv, delimiter e'\\x02', quote e'\\x01')"
    )
    started = time.perf_counter()
    with conn.cursor() as cur:
        for path in files:
            with path.open("rb") as handle:
                cur.copy_expert(statement, handle, size=1 << 20)
            conn.commit()
    seconds = time.perf_counter() - started
    with conn.cursor() as cur:
        cur.execute("drop table public.floor_events")
    conn.commit()
    conn.close()
    return seconds


def _env(settings: ConnectionSettings) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": settings.dbname}
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def _timed(step: Step, command: list[str], env: dict[str, str]) -> None:
    """Run the command once, measured; add its time and peak RSS to the step."""
    result = measure(command, env)
    if result.returncode not in (0, 3):
        tail = "\n".join(result.output.strip().splitlines()[-15:])
        raise RuntimeError(f"{step.name.strip()} failed (exit {result.returncode}):\n{tail}")
    step.seconds.append(result.seconds)
    step.peak_rss_mb.append(result.peak_rss_mb)


def _sparkify(*args: str) -> list[str]:
    return [sys.executable, "-m", "loader.cli", *args]


def _dbt(*args: str, target: Path) -> list[str]:
    return [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--target-path",
        str(target / "target"),
        "--log-path",
        str(target / "logs"),
    ]


def run_bench(settings: ConnectionSettings, plan: BenchPlan, console: Console) -> dict:
    write_profile(settings.host if settings.embedded else None)
    base, extra = dataset(plan.events, plan.seed)
    base_files = _log_files(base)
    extra_files = _log_files(extra)
    events = _count_lines(base_files)
    extra_events = _count_lines(extra_files)
    megabytes = sum(p.stat().st_size for p in base_files) / 1e6
    work = BENCH_DIR / "work"
    steps = {
        key: Step(name, events, megabytes)
        for key, name in [
            ("loader", "(a) sparkify load (project loader)"),
            ("floor", "(b) bare COPY into jsonb (floor)"),
            ("baseline", "(c) row-by-row etl.py (baseline)"),
            ("build", "(d) dbt build --full-refresh"),
            ("test", "    dbt test"),
            ("full_run", "    dbt run --full-refresh"),
            ("incr_load", "(e) load one more day"),
            ("incr_run", "(e) dbt run, incremental"),
            ("noop_load", "    load again, nothing new"),
            ("noop_run", "    dbt run again, nothing new"),
        ]
    }
    steps["incr_load"].records = steps["incr_run"].records = extra_events
    steps["noop_load"].records = steps["noop_run"].records = 0
    if plan.store_invoice_lines:
        store_dir, store_lines, store_mb = store_dataset(plan.store_invoice_lines, plan.seed)
        for key, name in (
            ("store_load", "(f) music store: load"),
            ("store_build", "(f) music store: dbt build"),
        ):
            steps[key] = Step(name, store_lines, store_mb)
    steps["baseline"].note = "sample, extrapolated"

    for run in range(1, plan.runs + 1):
        console.print(f"run {run} of {plan.runs}")
        bench = _reset_database(settings)
        env = _env(bench)
        steps["floor"].seconds.append(bare_copy_floor(bench, base_files))
        _timed(steps["loader"], _sparkify("load", "sparkify", str(base)), env)
        for key, args in (
            ("build", ("build", "--full-refresh", *SPARKIFY)),
            ("test", ("test", *SPARKIFY)),
            ("full_run", ("run", "--full-refresh", *SPARKIFY)),
        ):
            _timed(steps[key], _dbt(*args, target=work), env)
        # One more day arrives: land it next to the rest, then build incrementally; then
        # the same again with nothing new, the fixed cost inside those figures.
        extra_root = _stage_extra_day(base, extra, work / "with_extra_day")
        for load_key, run_key in (("incr_load", "incr_run"), ("noop_load", "noop_run")):
            _timed(steps[load_key], _sparkify("load", "sparkify", str(extra_root)), env)
            _timed(steps[run_key], _dbt("run", *SPARKIFY, target=work), env)
        if plan.store_invoice_lines:
            _bench_store(store_dir, env, work, steps)

        conn = connect(bench)
        sample, seconds = run_baseline(
            conn, sorted((base / "song_data").rglob("*.json")), base_files, 20_000
        )
        conn.close()
        steps["baseline"].seconds.append(seconds * events / sample)
        steps["baseline"].note = f"{sample:,}-event sample, extrapolated"

    steps["one_file"] = one_big_file(settings, base_files, console)
    return _summarise(plan, steps, events, extra_events, console)


def one_big_file(settings: ConnectionSettings, files: list[Path], console: Console) -> Step:
    """Load one log file of at least 1 GB (the cached files, concatenated), once.

    It shows that the loader streams: its peak RSS does not grow with the file.
    """
    path = CACHE_DIR / "one-gigabyte" / "log_data" / "events.json"
    if not path.exists() or path.stat().st_size < ONE_GB:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for source in itertools.cycle(files):
                if out.tell() >= ONE_GB:
                    break
                with source.open("rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 20)
    size = path.stat().st_size
    console.print(f"one log file of {size / 1e9:.2f} GB")
    step = Step(
        f"    one log file of {size / 1e9:.1f} GB (once)",
        _count_lines([path]),
        size / 1e6,
        note="once",
    )
    env = _env(_reset_database(settings))
    _timed(step, _sparkify("load", "sparkify", str(path.parents[1])), env)
    return step


def store_dataset(invoice_lines: int, seed: int) -> tuple[Path, int, float]:
    """The music store at about `invoice_lines` lines and as many listens, cached."""
    root = CACHE_DIR / f"music-store-{invoice_lines}-seed{seed}"
    if not (root / ".complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        # Chinook averages about 5.4 lines per invoice.
        generate_music_store(
            root, invoices=max(412, round(invoice_lines / 5.44)), listens=invoice_lines, seed=seed
        )
        (root / ".complete").touch()
    lines = _count_lines([root / "invoice_line.csv"]) - 1
    megabytes = sum(p.stat().st_size for p in root.glob("*.csv")) / 1e6
    return root, lines, megabytes


def _bench_store(store_dir: Path, env: dict[str, str], work: Path, steps: dict[str, Step]) -> None:
    _timed(steps["store_load"], _sparkify("load", "music-store", str(store_dir)), env)
    _timed(steps["store_build"], _dbt("build", "--full-refresh", *MUSIC_STORE, target=work), env)


def _stage_extra_day(base: Path, extra: Path, root: Path) -> Path:
    """A data directory holding the base files and the extra day, as symlinks (no copies)."""
    shutil.rmtree(root, ignore_errors=True)
    for source in (base, extra):
        for path in source.rglob("*.json"):
            link = root / path.relative_to(source)
            link.parent.mkdir(parents=True, exist_ok=True)
            if not link.exists():
                link.symlink_to(path)
    return root


def _summarise(
    plan: BenchPlan, steps: dict[str, Step], events: int, extra: int, console: Console
) -> dict:
    floor, baseline = steps["floor"].median, steps["baseline"].median
    table = Table(title=f"sparkify bench: {events:,} events, median of {plan.runs} runs")
    for column in (
        "step",
        "records",
        "seconds",
        "records/s",
        "MB/s",
        "peak RSS MB",
        "× floor",
        "baseline ×",
    ):
        table.add_column(column, justify="left" if column == "step" else "right")
    for key, step in steps.items():
        # Throughput in MB/s for the steps that read files; ratios for the three landings.
        compared = key in ("loader", "floor", "baseline")
        load_like = compared or key in ("one_file", "store_load")
        table.add_row(
            step.name,
            f"{step.records:,}",
            f"{step.median:.1f}",
            f"{step.rate:,.0f}" if step.records else "",
            f"{step.megabytes / step.median:.1f}" if load_like else "",
            f"{max(step.peak_rss_mb):.0f}" if step.peak_rss_mb else "",
            f"{step.median / floor:.2f}" if compared else "",
            f"{baseline / step.median:.0f}" if compared else "",
        )
    console.print(table)
    full = steps["loader"].median + steps["full_run"].median
    incremental = steps["incr_load"].median + steps["incr_run"].median
    fixed = steps["noop_load"].median + steps["noop_run"].median
    checks = {
        "loader_vs_floor": steps["loader"].median / floor,
        "loader_speedup_vs_baseline": baseline / steps["loader"].median,
        "dbt_build_seconds": steps["build"].median,
        "dbt_test_seconds": steps["test"].median,
        "incremental_share_of_full": incremental / full,
        "nothing_new_share_of_full": fixed / full,
        "new_day_beyond_fixed_share": (incremental - fixed) / full,
        "loader_peak_rss_mb": max(steps["loader"].peak_rss_mb),
        "one_gb_file_peak_rss_mb": max(steps["one_file"].peak_rss_mb),
    }
    for name, value in checks.items():
        console.print(f"{name}: {value:.2f}")
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "events": events,
        "extra_day_events": extra,
        "runs": plan.runs,
        "steps": {key: {**asdict(step), "median": step.median} for key, step in steps.items()},
        "checks": checks,
    }
    save_results("bench", events, result, console)
    return result


def save_results(kind: str, events: int, result: dict, console: Console) -> None:
    """Write a bench's figures to benchmarks/results/, one JSON file per run."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{kind}-{events}-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2))
    console.print(f"results written to {out}")
