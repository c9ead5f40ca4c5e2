"""`sparkify run`: the whole job, from files to tested marts, with a short summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from psycopg2 import sql
from rich.console import Console
from rich.table import Table

from loader.common.connection import connect
from loader.common.load_report import EXIT_FAILED, EXIT_OK, EXIT_REJECTS, LoadReport, print_report
from loader.common.settings import ConnectionSettings
from loader.dbt_runner import run_dbt

MART_SCHEMAS = ("sparkify", "music_store")


class StepTimer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - started


def has_sparkify_data(data_dir: Path) -> bool:
    return any((data_dir / sub).is_dir() for sub in ("song_data", "log_data"))


def has_store_data(store_dir: Path) -> bool:
    return store_dir.is_dir() and any(store_dir.glob("*.csv"))


def ensure_samples(console: Console, timer: StepTimer, data_dir: Path, store_dir: Path) -> None:
    """Generate a sample for each half whose directory is empty."""
    if not has_sparkify_data(data_dir):
        from loader.sparkify.generate import SparkifySpec, generate_sparkify

        with timer.step("generate sparkify sample"):
            generate_sparkify(data_dir, SparkifySpec())
        console.print(f"generated a Sparkify sample in {data_dir}")
    if not has_store_data(store_dir):
        from loader.music_store.generate import generate_music_store

        with timer.step("generate music-store sample"):
            generate_music_store(store_dir, seed=42)
        console.print(f"generated a music-store sample in {store_dir}")


Load = tuple[str, Callable[..., LoadReport], Path]


def load_all(console: Console, timer: StepTimer, loads: list[Load], settings) -> int:
    """Run each load, printing its report: EXIT_FAILED stops at the first failed one."""
    exit_code = EXIT_OK
    for name, load, directory in loads:
        with timer.step(name):
            report = load(directory, settings)
        print_report(report, console)
        if report.exit_code == EXIT_FAILED:
            return EXIT_FAILED
        if report.exit_code == EXIT_REJECTS:
            exit_code = EXIT_REJECTS
    return exit_code


def run_pipeline(settings: ConnectionSettings, data_dir: Path, store_dir: Path) -> int:
    from loader.music_store.load import load_music_store
    from loader.sparkify.load import load_sparkify

    console = Console(highlight=False)
    timer = StepTimer()
    ensure_samples(console, timer, data_dir, store_dir)
    exit_code = load_all(
        console,
        timer,
        [
            ("load sparkify", load_sparkify, data_dir),
            ("load music store", load_music_store, store_dir),
        ],
        settings,
    )
    if exit_code == EXIT_FAILED:
        return exit_code

    with timer.step("dbt build"):
        build = run_dbt(["build"])
    with timer.step("dbt docs generate"):
        docs = run_dbt(["docs", "generate"])
    if not (build.success and docs.success):
        exit_code = EXIT_FAILED
    report_path = None
    if build.success:
        from loader.report import REPORT_DIR
        from loader.report.build import write_report

        with timer.step("html report"):
            report_path = write_report(settings, REPORT_DIR)

    print_summary(console, mart_row_counts(settings), timer)
    console.print(f"database: {settings.display_url()}")
    console.print("browse the docs and lineage: make docs  (serves http://localhost:8080)")
    console.print("work in a terminal: source .venv/bin/activate && dbt build")
    if report_path is not None:
        console.print(f"report with charts: {report_path.resolve()}")
    if exit_code == EXIT_FAILED:
        console.print("[bold red]dbt build failed[/]: see the output above and logs/dbt.log")
    return exit_code


def mart_row_counts(settings: ConnectionSettings) -> list[tuple[str, int]]:
    conn = connect(settings)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1, 2",
                (list(MART_SCHEMAS),),
            )
            counts = []
            for schema, table in cur.fetchall():
                cur.execute(
                    sql.SQL("select count(*) from {}.{}").format(
                        sql.Identifier(schema), sql.Identifier(table)
                    )
                )
                counts.append((f"{schema}.{table}", cur.fetchone()[0]))
            return counts
    finally:
        conn.close()


def print_summary(console: Console, counts: list[tuple[str, int]], timer: StepTimer) -> None:
    """Rows per mart and seconds per step: the same tables for both engines."""
    rows = Table(title="Rows per mart", title_justify="left")
    rows.add_column("relation")
    rows.add_column("rows", justify="right")
    for relation, count in counts:
        rows.add_row(relation, f"{count:,}")
    steps = Table(title="Seconds per step", title_justify="left")
    steps.add_column("step")
    steps.add_column("seconds", justify="right")
    for name, seconds in timer.seconds.items():
        steps.add_row(name, f"{seconds:.1f}")
    steps.add_row("total", f"{sum(timer.seconds.values()):.1f}")
    console.print(rows)
    console.print(steps)
