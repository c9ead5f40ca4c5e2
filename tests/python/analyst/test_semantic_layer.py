"""The MetricFlow semantic layer parses, validates (semantics and against the built
warehouse) and answers a query, run as an analyst would: `dbt parse`, then `mf`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def _run(built, *command: str) -> subprocess.CompletedProcess:
    tool = shutil.which(command[0], path=str(BIN)) or command[0]
    return subprocess.run(
        [tool, *command[1:]],
        cwd=built.project_dir,
        env=built.env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_dbt_parse_and_mf_validate_configs(built_project):
    parse = _run(built_project, "dbt", "parse")
    assert parse.returncode == 0, parse.stdout[-3000:]
    assert (built_project.target / "semantic_manifest.json").exists()
    validate = _run(built_project, "mf", "validate-configs")
    out = validate.stdout + validate.stderr
    assert validate.returncode == 0, out[-4000:]
    assert "Successfully validated the semantics" in out
    assert "Successfully validated metrics against data warehouse" in out


def test_mf_query_answers_with_real_numbers(built_project):
    query = _run(
        built_project,
        "mf", "query", "--metrics", "plays,paid_share_of_plays",
        "--group-by", "songplay__hour_of_day", "--order", "songplay__hour_of_day", "--csv",
        str(built_project.project_dir / "plays_by_hour.csv"),
    )  # fmt: skip
    assert query.returncode == 0, (query.stdout + query.stderr)[-3000:]
    lines = (built_project.project_dir / "plays_by_hour.csv").read_text().splitlines()
    assert lines[0] == "songplay__hour_of_day,plays,paid_share_of_plays"
    rows = [line.split(",") for line in lines[1:]]
    assert 0 < len(rows) <= 24
    assert all(int(plays) > 0 and 0 <= float(share) <= 1 for _, plays, share in rows)
