"""Where the details of a failure go: logs/loader.log, beside dbt's own log."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from loader.common.settings import PROJECT_ROOT


def log_path() -> Path:
    return Path(os.environ.get("SPARKIFY_LOG", PROJECT_ROOT / "logs" / "loader.log"))


def write_details(title: str, details: list[str]) -> Path | None:
    """Append the tracebacks under a timestamped title; None if the log cannot be written."""
    path = log_path()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"\n=== {stamp} {title}\n")
            log.writelines(detail if detail.endswith("\n") else detail + "\n" for detail in details)
    except OSError:
        return None
    return path
