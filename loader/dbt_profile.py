"""Write ./profiles.yml from profiles.yml.example so `dbt` works from a terminal as it is."""

from __future__ import annotations

import re
from pathlib import Path

from loader.common.settings import PROJECT_ROOT
from loader.embedded import pgdata_dir

PLACEHOLDER = "@EMBEDDED_SOCKET_DIR@"
EMBEDDED_SOCKET = re.compile(r"env_var\('PGHOST', '([^']*)'\)")


def write_profile(socket_dir: str | None = None, project_root: Path = PROJECT_ROOT) -> Path:
    """Fill in the embedded server's socket directory; the PG* variables still override it.

    Without a socket directory (PGHOST is in use), the socket an existing profile names is
    kept, so a PGHOST run never loses where the embedded server listens; the rest is
    brought up to date with the example.
    """
    template = (project_root / "profiles.yml.example").read_text()
    target = project_root / "profiles.yml"
    if socket_dir is None and target.exists():
        found = EMBEDDED_SOCKET.search(target.read_text())
        socket_dir = found.group(1) if found else None
    text = template.replace(PLACEHOLDER, socket_dir or str(pgdata_dir()))
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
    return target
