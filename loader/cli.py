"""The `sparkify` command line: a thin layer over the loader's modules."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer

from loader import embedded
from loader.common.connection import resolve_settings
from loader.common.errors import Failure, describe
from loader.common.load_report import EXIT_FAILED, EXIT_INTERRUPTED, LoadReport, print_report
from loader.common.logfile import write_details
from loader.common.settings import external_server_requested
from loader.dbt_profile import write_profile
from loader.report import REPORT_DIR

VERBOSE = False

app = typer.Typer(
    help="Sparkify and music-store warehouse: generate data, load it with COPY, build with dbt.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the embedded PostgreSQL server.", no_args_is_help=True)
generate_app = typer.Typer(help="Write synthetic sample data.", no_args_is_help=True)
load_app = typer.Typer(help="Load files into the raw schema with COPY.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(generate_app, name="generate")
spark_app = typer.Typer(
    help="A standalone Spark cluster on this machine (the `spark` extra).", no_args_is_help=True
)
app.add_typer(load_app, name="load")
app.add_typer(spark_app, name="spark")


class Engine(StrEnum):
    postgres = "postgres"
    spark = "spark"


ENGINE_OPTION = typer.Option(
    Engine.postgres, "--engine", help="Where to load and build: PostgreSQL or the Spark cluster."
)
WORKERS_OPTION = typer.Option(2, "--workers", min=1, help="Spark workers (one core each).")


@app.callback()
def main(
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Print the details (tracebacks) of failures."
    ),
) -> None:
    """Sparkify and music-store warehouse: generate data, load it with COPY, build with dbt."""
    global VERBOSE
    VERBOSE = verbose


DEFAULT_SPARKIFY_DIR = Path("data/sparkify")
DEFAULT_STORE_DIR = Path("data/music_store")


def _settings():
    """Connection settings, with the embedded server started when no PGHOST is given."""
    try:
        settings = resolve_settings()
    except Exception as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    write_profile(settings.host if settings.embedded else None)
    return settings


@db_app.command("start")
def db_start() -> None:
    """Start the embedded server (no-op when running), create the raw tables if missing,
    and write ./profiles.yml for dbt."""
    if external_server_requested():
        typer.echo("PGHOST is set: the loader and dbt use that server; nothing to start.")
        write_profile()
    else:
        server = embedded.start()
        write_profile(server.socket_dir)
        typer.echo(f"embedded PostgreSQL running (pid {server.pid}), socket in {server.socket_dir}")
    db_init()


@db_app.command("init")
def db_init() -> None:
    """Create every raw table of both halves and the load bookkeeping, if missing."""
    from loader.raw_layer import init_raw_layer

    settings = _settings()
    try:
        notices = init_raw_layer(settings)
    except Exception as exc:
        _fail(describe(exc))
    for notice in notices:
        typer.echo(notice, err=True)
    typer.echo(f"raw tables ready in {settings.display_url()}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded server."""
    typer.echo("stopped" if embedded.stop() else "not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded server runs (exit 1 when it does not)."""
    server = embedded.status()
    if external_server_requested():
        typer.echo("PGHOST is set: the embedded server is not used.")
    if server.running:
        typer.echo(
            f"running (pid {server.pid}), data in {server.pgdata}, socket in {server.socket_dir}"
        )
    else:
        typer.echo(f"not running (data directory {server.pgdata})")
        raise typer.Exit(1)


@db_app.command("url")
def db_url() -> None:
    """Print the connection URL in use (passwords masked)."""
    typer.echo(_settings().display_url())


@generate_app.command("sparkify")
def generate_sparkify(
    out_dir: Path = typer.Argument(..., help="Directory to write song_data/ and log_data/ into."),
    songs: int = typer.Option(300, min=1, help="Songs written to song_data/."),
    users: int = typer.Option(100, min=1, help="Registered users."),
    days: int = typer.Option(30, min=1, help="Days of logs, one file per day."),
    events: int = typer.Option(8000, min=0, help="Log events in total."),
    seed: int = typer.Option(42, help="Random seed: the same seed writes the same files."),
    match_share: float = typer.Option(
        0.3, min=0.0, max=1.0, help="Share of plays naming songs that exist in song_data/."
    ),
    start_date: str = typer.Option("2018-11-01", help="First day of logs (UTC)."),
) -> None:
    """Write a Million-Song-Dataset-style song_data/ and a day-per-file log_data/."""
    from loader.sparkify.generate import SparkifySpec
    from loader.sparkify.generate import generate_sparkify as generate

    spec = SparkifySpec(songs, users, days, events, seed, match_share, start_date)
    counts = generate(out_dir, spec)
    typer.echo(", ".join(f"{name}: {count:,}" for name, count in counts.items()))


@generate_app.command("music-store")
def generate_music_store(
    out_dir: Path = typer.Argument(..., help="Directory to write one CSV per table into."),
    customers: int = typer.Option(59, min=1, help="Customers (Chinook has 59)."),
    tracks: int = typer.Option(3503, min=1, help="Tracks in the catalogue (Chinook has 3,503)."),
    invoices: int = typer.Option(
        412, min=1, help="Invoices, about 5.4 lines each (184,000 give about 1M lines)."
    ),
    listens: int = typer.Option(20000, min=0, help="Listening-history rows."),
    seed: int = typer.Option(42, help="Random seed: the same seed writes the same files."),
) -> None:
    """Write a Chinook-style catalogue, customers, employees, invoices and listening history."""
    from loader.music_store.generate import generate_music_store as generate

    counts = generate(
        out_dir, customers=customers, tracks=tracks, invoices=invoices, listens=listens, seed=seed
    )
    typer.echo(", ".join(f"{name}: {count:,}" for name, count in counts.items()))


@load_app.command("sparkify")
def load_sparkify(
    data_dir: Path = typer.Argument(..., help="Directory holding song_data/ and/or log_data/."),
    engine: Engine = ENGINE_OPTION,
) -> None:
    """Load song and log JSON into raw.sparkify_songs and raw.sparkify_events.

    Exit 0 when everything landed, 3 when some records were rejected (see raw.load_rejects),
    1 on failure.
    """
    if engine is Engine.spark:
        from loader.spark.sparkify_load import load_sparkify as load
    else:
        from loader.sparkify.load import load_sparkify as load

    _load_and_exit(load, data_dir, engine)


@load_app.command("music-store")
def load_music_store(
    csv_dir: Path = typer.Argument(..., help="Directory holding one CSV per table."),
    engine: Engine = ENGINE_OPTION,
) -> None:
    """Load the store's CSVs into raw.music_store_* tables.

    Exit 0 when everything landed, 3 when some rows were rejected (see raw.load_rejects),
    1 on failure.
    """
    if engine is Engine.spark:
        from loader.spark.music_store_load import load_music_store as load
    else:
        from loader.music_store.load import load_music_store as load

    _load_and_exit(load, csv_dir, engine)


def _load_and_exit(load, directory: Path, engine: Engine = Engine.postgres) -> None:
    settings = _settings() if engine is Engine.postgres else None
    try:
        report = load(directory, settings, say=_say)
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    except KeyboardInterrupt:
        typer.echo(INTERRUPTED, err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        _fail(describe(exc))
    print_report(report)
    log = _log_failures(report)
    if report.fatal:
        _fail(report.fatal, report.fatal_file, log=log)
    if report.interrupted:
        typer.echo(INTERRUPTED, err=True)
    elif log:
        typer.echo(f"details of the failures: {log}", err=True)
    raise typer.Exit(report.exit_code)


INTERRUPTED = (
    "interrupted: the files listed as landed are complete, every other file was left as "
    "it was; run the same command again to finish"
)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _fail(failure: Failure, where: str = "", log: Path | None = None) -> NoReturn:
    """One line on stderr; the traceback goes to the log (and to stderr with --verbose)."""
    if log is None and failure.detail:
        log = write_details(failure.line(where), [failure.detail])
    details = f" (details in {log})" if log and not VERBOSE else ""
    typer.echo(f"error: {failure.line(where)}{details}", err=True)
    if VERBOSE and failure.detail:
        typer.echo(failure.detail, err=True)
    raise typer.Exit(EXIT_FAILED)


def _log_failures(report: LoadReport) -> Path | None:
    """Write the tracebacks of the load's failures to the log; --verbose also prints them."""
    details = [f.detail for f in report.failure_details if f.detail]
    if not details:
        return None
    if VERBOSE:
        typer.echo("".join(details), err=True)
    return write_details(f"{report.dataset} load: {len(details)} failure(s)", details)


@app.command("run")
def run(
    data_dir: Path = typer.Argument(
        DEFAULT_SPARKIFY_DIR, help="Sparkify data; a sample is generated here if it is empty."
    ),
    store_dir: Path = typer.Option(
        DEFAULT_STORE_DIR, help="Music-store CSVs; a sample is generated here if it is empty."
    ),
    engine: Engine = ENGINE_OPTION,
    workers: int = WORKERS_OPTION,
) -> None:
    """The main job: start the server, generate samples if needed, load, dbt build, docs.

    With --engine spark: start the Spark cluster if needed, load both halves there and
    build the same dbt project on it.
    """
    if engine is Engine.spark:
        from loader.spark.pipeline import run_spark_pipeline

        raise typer.Exit(_spark_guard(run_spark_pipeline, data_dir, store_dir, workers))
    from loader.pipeline import run_pipeline

    raise typer.Exit(run_pipeline(_settings(), data_dir, store_dir))


def _spark_guard(action, *args):
    """Run a Spark action; a missing extra or an unreachable cluster is one clear line."""
    from loader.spark.cluster import ClusterError
    from loader.spark.runtime import SparkNotInstalled
    from loader.spark.sql import SparkSQLError

    try:
        return action(*args)
    except (SparkNotInstalled, ClusterError, SparkSQLError, ConnectionError) as exc:
        _fail(describe(exc))


@spark_app.command("up")
def spark_up(workers: int = WORKERS_OPTION) -> None:
    """Start a master, N workers and the Thrift server on loopback (no-op for what runs)."""
    from loader.spark import cluster

    settings = cluster.ClusterSettings(workers=workers)
    status = _spark_guard(cluster.up, settings)
    for line in status.lines(settings):
        typer.echo(line)


@spark_app.command("down")
def spark_down() -> None:
    """Stop the processes `spark up` started, and nothing else."""
    from loader.spark import cluster

    stopped = cluster.down()
    typer.echo("stopped " + ", ".join(stopped) if stopped else "nothing of ours was running")


@spark_app.command("env")
def spark_env() -> None:
    """Print `export SPARKIFY_SPARK_PASSWORD=...` for the local cluster's Thrift login, to
    use as `eval "$(sparkify spark env)"` before running dbt on a `spark*` target.

    This prints the password to your own terminal, on request only: do not run it
    where the output is logged or shared. The loader and `sparkify run` need none of
    this.
    """
    import shlex

    from loader.spark.auth import PASSWORD_VARIABLE, THRIFT_USER, local_password

    password = local_password()
    if not password:
        typer.echo("no Thrift password yet: start the cluster with `sparkify spark up`", err=True)
        raise typer.Exit(EXIT_FAILED)
    typer.echo(f"export SPARKIFY_SPARK_USER={THRIFT_USER}")
    typer.echo(f"export {PASSWORD_VARIABLE}={shlex.quote(password)}")


@spark_app.command("status")
def spark_status() -> None:
    """Each process of the cluster, and what the master reports (exit 1 when not running)."""
    from loader.spark import cluster

    settings = cluster.ClusterSettings()
    status = cluster.status(settings)
    for line in status.lines(settings):
        typer.echo(line)
    if not status.running:
        raise typer.Exit(1)


@app.command("report")
def report(
    out: Path = typer.Option(REPORT_DIR, "--out", help="Directory to write index.html into."),
) -> None:
    """Write a self-contained HTML report with inline SVG charts from the marts."""
    from loader.report.build import write_report

    typer.echo(f"report written to {write_report(_settings(), out)}")


@app.command("bench")
def bench(
    events: int = typer.Option(1_000_000, min=1000, help="Log events to generate (cached)."),
    runs: int = typer.Option(3, min=1, help="Runs; the table shows medians."),
    store_invoice_lines: int = typer.Option(
        1_000_000, min=0, help="Music-store invoice lines for the store step (0 skips it)."
    ),
    engine: Engine = typer.Option(
        Engine.postgres,
        "--engine",
        help="spark: PostgreSQL beside Spark with 2 and 1 workers, in one run.",
    ),
    spark_workers: str = typer.Option(
        "2,1", help="With --engine spark: the cluster sizes to measure, comma-separated."
    ),
) -> None:
    """Measure the loader against the bare-COPY floor and a row-by-row baseline, plus dbt."""
    from rich.console import Console

    from loader.bench.runner import BenchPlan, run_bench

    if engine is Engine.spark:
        from loader.bench.engines import run_engine_bench

        sizes = tuple(int(size) for size in spark_workers.split(",") if size.strip())
        console = Console(highlight=False, width=140)
        _spark_guard(run_engine_bench, _settings(), events, 42, console, sizes)
        return

    run_bench(
        _settings(),
        BenchPlan(events, runs, store_invoice_lines),
        Console(highlight=False, width=140),
    )


if __name__ == "__main__":
    app()
