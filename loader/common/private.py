"""Folders and files only their owner can read: the Spark cluster's state (its secrets,
and thrift.log, which holds every statement), the logs (tracebacks name data) and the
report. One rule, used everywhere."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with mode 0700; an existing folder of ours is
    tightened to 0700. A sticky folder (/tmp) is shared by design and left as it is."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    loose = stat.S_IMODE(info.st_mode) & 0o077
    if loose and info.st_uid == os.geteuid() and not info.st_mode & stat.S_ISVTX:
        path.chmod(0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write `path` with mode 0600 from its first byte (a new file, then renamed over the
    old one), so the text is never readable by others, not even for a moment."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an old leftover keeps its mode through O_TRUNC
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)


def open_private(path: Path, mode: str = "a"):
    """Open a file for appending or writing, created 0600 if it is new."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    text = {} if "b" in mode else {"encoding": "utf-8"}
    return os.fdopen(os.open(path, flags, 0o600), mode, **text)
