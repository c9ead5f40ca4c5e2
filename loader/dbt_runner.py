"""Run dbt in-process through its Python API, against this project and its profile."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from loader.common.settings import PROJECT_ROOT

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    results: object
    error: BaseException | None


def run_dbt(args: Sequence[str]) -> DbtOutcome:
    from dbt.cli.main import dbtRunner

    full = [*args, "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT)]
    result = dbtRunner().invoke(full)
    return DbtOutcome(result.success, result.result, result.exception)
