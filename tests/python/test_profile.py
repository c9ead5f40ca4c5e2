"""./profiles.yml: written from the example with the embedded socket, never clobbered."""

from __future__ import annotations

import shutil

from loader.dbt_profile import PLACEHOLDER, write_profile
from tests.python.helpers import PROJECT_ROOT


def test_profile_gets_the_socket_and_keeps_reading_pg_variables(tmp_path):
    shutil.copy(PROJECT_ROOT / "profiles.yml.example", tmp_path)
    text = write_profile("/run/sock", project_root=tmp_path).read_text()
    assert PLACEHOLDER not in text
    assert "env_var('PGHOST', '/run/sock')" in text
    for variable in ("PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        assert f"env_var('{variable}'" in text


def test_external_server_runs_leave_an_existing_profile_alone(tmp_path):
    shutil.copy(PROJECT_ROOT / "profiles.yml.example", tmp_path)
    write_profile("/run/sock", project_root=tmp_path)
    write_profile(None, project_root=tmp_path)  # what a PGHOST run does
    assert "env_var('PGHOST', '/run/sock')" in (tmp_path / "profiles.yml").read_text()
