"""Headless Chromium for the browser checks: find it (never install it: `make
install-browser` does, and CI runs that), serve a directory on a free localhost port, dump
the DOM after rendering, take screenshots.

No Python browser driver is needed: a page under test gets a small probe script that
writes what it found into a `data-probe` attribute on <body>, and `--dump-dom` (after a
virtual-time budget that lets the page fetch and render) returns it.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
RENDER_BUDGET_MS = 15000


ENABLE_HINT = "to run the browser checks, run make install-browser or set CHROMIUM to its path"


def ensure_chromium() -> str:
    """The chromium binary: CHROMIUM (a name or a path), or `chromium` on PATH. Without it
    the calling test is skipped, saying why and how to enable it; nothing is installed."""
    wanted = os.environ.get("CHROMIUM", CHROMIUM)
    found = shutil.which(wanted)
    if not found:
        pytest.skip(f"Chromium not found ({wanted!r} is not an executable on PATH): {ENABLE_HINT}")
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def add_probe(page: Path, script: str) -> None:
    """Append a probe script to an HTML page (a served copy, never the original)."""
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", f"<script>{script}</script></body>"), "utf-8")


def _run(chromium: str, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=180,
        )


def dump_dom(chromium: str, url: str, window: str = "1400,1000") -> str:
    result = _run(
        chromium,
        f"--virtual-time-budget={RENDER_BUDGET_MS}",
        f"--window-size={window}",
        "--dump-dom",
        url,
    )
    if result.returncode != 0 or "<body" not in result.stdout:
        raise RuntimeError(f"chromium --dump-dom failed: {result.stderr[-2000:]}")
    return result.stdout


def probe_result(dom: str) -> str | None:
    """The value the probe script wrote into <body data-probe="...">, if any."""
    match = re.search(r'<body[^>]*\sdata-probe="([^"]*)"', dom)
    return html.unescape(match.group(1)) if match else None


def screenshot(chromium: str, url: str, out: Path, window: str = "1400,1000") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    result = _run(
        chromium,
        f"--virtual-time-budget={RENDER_BUDGET_MS}",
        f"--window-size={window}",
        f"--screenshot={out}",
        url,
    )
    if result.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium --screenshot failed: {result.stderr[-2000:]}")
    return out
