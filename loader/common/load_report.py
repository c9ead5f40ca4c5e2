"""What a load did, how it is shown, and the exit code it earns."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from loader.common.errors import Failure

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REJECTS = 3
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C

SHOWN_PER_LIST = 10
SHOWN_LANDED = 50


@dataclass
class SourceReport:
    source: str
    files_seen: int = 0
    files_unchanged: int = 0
    rows_loaded: int = 0
    bytes_read: int = 0
    landed: list[str] = field(default_factory=list)  # files landed by this run
    rejects_by_file: list[tuple[str, int]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, one line)

    @property
    def files_loaded(self) -> int:
        return len(self.landed)

    @property
    def rejects(self) -> int:
        return sum(count for _, count in self.rejects_by_file)


@dataclass
class LoadReport:
    dataset: str
    sources: list[SourceReport] = field(default_factory=list)
    seconds: float = 0.0
    fatal: Failure | None = None  # what stopped the load, if something did
    fatal_file: str = ""  # the file it was landing then
    interrupted: bool = False
    unverified: str = ""  # why the landed files could not be checked in the database
    notices: list[str] = field(default_factory=list)
    failure_details: list[Failure] = field(default_factory=list)  # for the log

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.fatal or any(s.failures for s in self.sources):
            return EXIT_FAILED
        if any(s.rejects for s in self.sources):
            return EXIT_REJECTS
        return EXIT_OK

    def lines(self) -> Iterator[str]:
        yield from self.notices
        for s in self.sources:
            others = s.files_seen - s.files_loaded - s.files_unchanged
            yield (
                f"{s.source}: {s.files_loaded} of {s.files_seen} files landed "
                f"({s.files_unchanged} unchanged"
                + (f", {others} not landed" if others else "")
                + f"), {s.rows_loaded:,} rows, {s.rejects:,} rejected"
            )
            yield from _listed("  rejected {count:,} in {name}", s.rejects_by_file)
            yield from _listed("  FAILED {name}: {count}", s.failures)
        total_rejects = sum(s.rejects for s in self.sources)
        if total_rejects:
            yield f"{total_rejects:,} rejected records are listed in raw.load_rejects (exit 3)"
        if self.interrupted or self.fatal:
            yield from self._what_landed()
        yield f"{self.dataset} load finished in {self.seconds:.1f}s"

    def _what_landed(self) -> Iterator[str]:
        if self.unverified:
            yield f"could not check the database for what landed: {self.unverified}"
        for s in self.sources:
            names = f": {', '.join(s.landed)}" if 0 < len(s.landed) <= SHOWN_LANDED else ""
            yield f"landed by this run into {s.source}, complete: {len(s.landed)} file(s){names}"
        yield "every other file was left as it was (files in progress were rolled back)"


def _listed(template: str, items: list[tuple[str, object]]) -> Iterator[str]:
    for name, count in items[:SHOWN_PER_LIST]:
        yield template.format(name=name, count=count)
    if len(items) > SHOWN_PER_LIST:
        yield f"  ... and {len(items) - SHOWN_PER_LIST} more files"


def print_report(report: LoadReport, console: Console | None = None) -> None:
    console = console or Console(stderr=False, highlight=False)
    for line in report.lines():
        console.print(line, markup=False, soft_wrap=True)


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[..., None]]:
    """A progress bar on a terminal; silent otherwise (the summary line says it all)."""
    if not sys.stdout.isatty() or total == 0:
        yield lambda advance=1: None
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda advance=1: bar.advance(task, advance)
