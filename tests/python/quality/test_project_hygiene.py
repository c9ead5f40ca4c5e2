"""The project stands on its own: every path its docs and comments name exists in the
repository, and dbt prints no warnings on it."""

from __future__ import annotations

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from tests.python.helpers import PROJECT_ROOT

# Top-level folders a path can start with; generated ones (target/, logs/, data/,
# benchmarks/) are not in the repository, so they are not checked.
ROOTS = ("loader", "models", "macros", "seeds", "snapshots", "tests", "analyses", "lint",
         "docs", ".ci", ".github")  # fmt: skip
ALTERNATIVES = "|".join(re.escape(root) for root in ROOTS)
PATH = re.compile(rf"(?<![\w./-])((?:{ALTERNATIVES})/[\w./-]*)")
MARKDOWN_NAME = re.compile(r"(?<![\w./-])([A-Z][A-Z_]+\.md)\b")
LINK = re.compile(r"\]\(([^)#\s]+)")
TEXT_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".md", ".toml", ".cfg", ".txt", ""}


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [
        PROJECT_ROOT / name
        for name in listed
        if Path(name).suffix in TEXT_SUFFIXES and (PROJECT_ROOT / name).is_file()
    ]


def _missing(path: Path, text: str) -> list[str]:
    missing = []
    for found in PATH.findall(text):
        name = found.rstrip(".,:;")
        if not (PROJECT_ROOT / name).exists():
            missing.append(name)
    for name in MARKDOWN_NAME.findall(text):
        if not (PROJECT_ROOT / name).exists():
            missing.append(name)
    if path.suffix == ".md":
        for link in LINK.findall(text):
            if "://" not in link and not (path.parent / link).exists():
                missing.append(link)
    return missing


def _prose(path: Path) -> str:
    """What a reader reads as prose: for Python, its comments and docstrings (its string
    values are data, such as the paths the tests make up); for other files, all of it."""
    text = path.read_text(errors="replace")
    if path.suffix != ".py":
        return text
    comments = [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type == tokenize.COMMENT
    ]
    docstrings = [
        ast.get_docstring(node) or ""
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    return "\n".join(comments + docstrings)


def test_every_path_named_in_docs_and_comments_exists():
    problems = {
        str(path.relative_to(PROJECT_ROOT)): missing
        for path in _tracked_text_files()
        if (missing := _missing(path, _prose(path)))
    }
    assert not problems, f"paths named but not in the repository: {problems}"


def test_the_check_catches_a_missing_path(tmp_path):
    page = tmp_path / "page.md"
    text = "See STYLE.md, docs/nowhere.md and [this](missing.md); loader/cli.py exists."
    assert _missing(page, text) == ["docs/nowhere.md", "STYLE.md", "missing.md"]


@pytest.mark.parametrize("command", [["parse", "--no-partial-parse"], ["deps"], ["clean"]])
def test_dbt_prints_no_warnings(tmp_path, command):
    project = tmp_path / "project"
    for entry in ("models", "macros", "seeds", "snapshots", "analyses", "tests"):
        shutil.copytree(PROJECT_ROOT / entry, project / entry)
    for entry in ("dbt_project.yml", "selectors.yml", "profiles.yml"):
        shutil.copy2(PROJECT_ROOT / entry, project / entry)
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), *command, "--profiles-dir", str(project)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    noisy = [
        line
        for line in output.splitlines()
        if re.search(r"deprecat|\[warning\]", line, re.IGNORECASE)
    ]
    assert not noisy, noisy


# The word issue then a number, or a number in "(#...)"; a colour ("#222") is not one.
ISSUE_NUMBER = re.compile(r"\bissues?\s*#?\d+|\(#\d+\)", re.IGNORECASE)
CODE_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".toml", ".cfg"}


def test_code_and_config_cite_no_issue_numbers():
    """History belongs in commit messages (CONTRIBUTING.md)."""
    cited = {
        str(path.relative_to(PROJECT_ROOT)): found
        for path in _tracked_text_files()
        if path.suffix in CODE_SUFFIXES
        and (found := ISSUE_NUMBER.findall(path.read_text(errors="replace")))
    }
    assert not cited, f"issue numbers in code or config: {cited}"
