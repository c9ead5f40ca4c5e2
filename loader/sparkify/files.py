"""Find the JSON files under DATA_DIR/song_data or DATA_DIR/log_data, as real directories
hold them: symlinked folders are followed, and what cannot be landed is named, not skipped.

A file is named by its path relative to DATA_DIR, as stored in raw. A name that is not
UTF-8, a symlink loop or a broken symlink becomes a file-level reject.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".json", ".jsonl")


@dataclass
class Found:
    files: list[tuple[str, Path]] = field(default_factory=list)
    unusable: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.files] + [name for name, _ in self.unusable]


def data_directory(data_dir: Path) -> Path:
    """The data directory, resolved; a clear error when it is not one."""
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        raise FileNotFoundError(f"data directory not found: {data_dir}")
    return data_dir


def discover(data_dir: Path, subdir: str) -> Found:
    """JSON files under data_dir/subdir, sorted by name, with the entries that cannot land."""
    found = Found()
    root = data_dir / subdir
    if root.is_dir():
        _walk(root, data_dir, found, ancestors=frozenset({_identity(root)}))
    found.files.sort()
    found.unusable.sort()
    return found


def _walk(directory: Path, data_dir: Path, found: Found, ancestors: frozenset) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        found.unusable.append((_name(directory, data_dir), _unreadable(exc)))
        return
    for entry in entries:
        path = Path(entry.path)
        name = _name(path, data_dir)
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError as exc:
            if path.suffix in SUFFIXES or entry.is_symlink():
                found.unusable.append((name, _unreadable(exc)))
            continue
        if is_dir:
            identity = _identity(path)
            if identity in ancestors:
                found.unusable.append(
                    (name, "symlink loop: this folder contains itself; not followed")
                )
                continue
            _walk(path, data_dir, found, ancestors | {identity})
            continue
        if path.suffix not in SUFFIXES:
            continue
        if entry.is_symlink() and not path.exists():
            found.unusable.append((name, _broken_link(path)))
        elif not _is_utf8(path):
            found.unusable.append((name, "the file name is not valid UTF-8; rename the file"))
        elif not entry.is_file():
            found.unusable.append((name, "not a regular file"))
        else:
            found.files.append((name, path))


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def _name(path: Path, data_dir: Path) -> str:
    """The path relative to DATA_DIR; undecodable bytes are shown as backslash escapes."""
    relative = path.relative_to(data_dir).as_posix()
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_utf8(path: Path) -> bool:
    # Python decodes the bytes of a non-UTF-8 name to lone surrogates, which cannot encode.
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _broken_link(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symlink loop: the link points back to itself"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symlink loop: the link points back to itself"
        return f"broken symbolic link (target missing: {os.readlink(path)})"
    return "broken symbolic link"


def _unreadable(exc: OSError) -> str:
    if exc.errno == 40:  # ELOOP
        return "symlink loop: the link points back to itself"
    return f"could not read: {exc.strerror or exc}"
