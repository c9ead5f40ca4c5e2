"""`sparkify run --engine spark`: the same job on a Spark cluster, with the same summary."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from loader.common.load_report import EXIT_FAILED
from loader.dbt_runner import run_dbt
from loader.pipeline import MART_SCHEMAS, StepTimer, ensure_samples, load_all, print_summary
from loader.spark import cluster
from loader.spark.music_store_load import load_music_store
from loader.spark.sparkify_load import load_sparkify
from loader.spark.sql import session

SPARK_BUILD = ["build", "--target", "spark"]


def run_spark_pipeline(data_dir: Path, store_dir: Path, workers: int) -> int:
    console = Console(highlight=False)
    timer = StepTimer()
    ensure_samples(console, timer, data_dir, store_dir)
    settings = cluster.ClusterSettings(workers=workers)
    with timer.step("spark cluster up"):
        cluster.up(settings)
    loads = [
        ("load sparkify", load_sparkify, data_dir),
        ("load music store", load_music_store, store_dir),
    ]
    exit_code = load_all(console, timer, loads, settings=None)
    if exit_code == EXIT_FAILED:
        return exit_code
    with timer.step("dbt build (spark)"):
        build = run_dbt(SPARK_BUILD)
    if not build.success:
        exit_code = EXIT_FAILED
    print_summary(console, mart_row_counts(), timer)
    for line in cluster.status(settings).lines(settings):
        console.print(line, markup=False)
    console.print(
        "work in a terminal: source .venv/bin/activate && "
        'eval "$(sparkify spark env)" && dbt build --target spark'
    )
    console.print("stop the cluster: sparkify spark down")
    if exit_code == EXIT_FAILED:
        console.print("[bold red]dbt build failed[/]: see the output above and logs/dbt.log")
    return exit_code


def mart_row_counts() -> list[tuple[str, int]]:
    counts = []
    with session() as spark:
        databases = {row[0] for row in spark.query("show databases")}
        for schema in MART_SCHEMAS:
            if schema not in databases:
                continue
            for _, table, is_temporary in spark.query(f"show tables in {schema}"):
                if not is_temporary:
                    total = spark.query(f"select count(*) from {schema}.{table}")[0][0]
                    counts.append((f"{schema}.{table}", int(total)))
    return sorted(counts)
