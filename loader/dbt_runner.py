"""Run dbt in-process through its Python API, against this project and its profile."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    with _spark_password():
        result = dbtRunner().invoke(full)
    return DbtOutcome(result.success, result.result, result.exception)


@contextmanager
def _spark_password() -> Iterator[None]:
    """SPARKIFY_SPARK_PASSWORD, which the profile's `spark*` targets read, for the length
    of the dbt call only: from the local cluster's password file unless already set."""
    from loader.spark.auth import PASSWORD_VARIABLE, client_password

    if os.environ.get(PASSWORD_VARIABLE) or not (password := client_password()):
        yield
        return
    os.environ[PASSWORD_VARIABLE] = password
    try:
        yield
    finally:
        os.environ.pop(PASSWORD_VARIABLE, None)
