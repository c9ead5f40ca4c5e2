"""Where the details of a failure go: logs/loader.log, beside dbt's own log."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from loader.common.private import open_private, private_dir
from loader.common.settings import PROJECT_ROOT


def log_path() -> Path:
    return Path(os.environ.get("SPARKIFY_LOG", PROJECT_ROOT / "logs" / "loader.log"))


def write_details(title: str, details: list[str]) -> Path | None:
    """Append the tracebacks under a timestamped title; None if the log cannot be written."""
    path = log_path()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        # Tracebacks can name rows and statements: the folder and the file are owner only
        # (a folder SPARKIFY_LOG names that exists already, such as /var/log, is left alone).
        if "SPARKIFY_LOG" not in os.environ or not path.parent.exists():
            private_dir(path.parent)
        with open_private(path, "a") as log:
            log.write(f"\n=== {stamp} {title}\n")
            log.writelines(detail if detail.endswith("\n") else detail + "\n" for detail in details)
    except OSError:
        return None
    return path
