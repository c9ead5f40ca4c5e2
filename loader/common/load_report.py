"""What a load did, how it is shown, and the exit code it earns."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REJECTS = 3
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C


@dataclass
class SourceReport:
    source: str
    files_seen: int = 0
    files_loaded: int = 0
    rows_loaded: int = 0
    bytes_read: int = 0
    rejects_by_file: list[tuple[str, int]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rejects(self) -> int:
        return sum(count for _, count in self.rejects_by_file)


@dataclass
class LoadReport:
    dataset: str
    sources: list[SourceReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if any(s.failures for s in self.sources):
            return EXIT_FAILED
        if any(s.rejects for s in self.sources):
            return EXIT_REJECTS
        return EXIT_OK

    def lines(self) -> Iterator[str]:
        for s in self.sources:
            yield (
                f"{s.source}: {s.files_loaded} of {s.files_seen} files landed "
                f"({s.files_seen - s.files_loaded - len(s.failures)} unchanged), "
                f"{s.rows_loaded:,} rows, {s.rejects:,} rejected"
            )
            for name, count in s.rejects_by_file[:10]:
                yield f"  rejected {count:,} in {name}"
            if len(s.rejects_by_file) > 10:
                yield f"  ... and {len(s.rejects_by_file) - 10} more files with rejects"
            for name, message in s.failures:
                yield f"  FAILED {name}: {message}"
        total_rejects = sum(s.rejects for s in self.sources)
        if total_rejects:
            yield f"{total_rejects:,} rejected records are listed in raw.load_rejects (exit 3)"
        yield f"{self.dataset} load finished in {self.seconds:.1f}s"


def print_report(report: LoadReport, console: Console | None = None) -> None:
    console = console or Console(stderr=False, highlight=False)
    for line in report.lines():
        console.print(line, markup=False)


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
