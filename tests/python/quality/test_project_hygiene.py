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


# Macros: every name a comment or a doc gives a macro is one that exists, and every
# dispatched macro follows the engine convention (CONTRIBUTING.md).
SNAKE = re.compile(r"(?<![\w/.$-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?![./-]\w)")
JINJA_COMMENT = re.compile(r"\{#.*?#\}|--[^\n]*", re.DOTALL)
MACRO_DEF = re.compile(r"\{%-?\s*(?:macro|test|materialization)\s+(\w+)")
ENGINE_NAME = re.compile(r"\b((?:default|postgres|spark)__[a-z0-9_]+)")
# Made-up schema names in the naming macro's examples.
EXAMPLE_NAMES = {"dev_alice_sparkify", "ci_pr42_sparkify"}
# What dbt's Jinja (and MetricFlow's) offers besides macros.
DBT_CONTEXT = {"ref", "source", "config", "var", "env_var", "is_incremental", "return", "log",
               "Dimension", "Entity", "TimeDimension", "Metric"}  # fmt: skip


def _project_macros() -> dict[str, Path]:
    return {
        name: path
        for path in sorted((PROJECT_ROOT / "macros").rglob("*.sql"))
        for name in MACRO_DEF.findall(path.read_text())
    }


def _dbt_macros() -> set[str]:
    """The macros dbt itself and its adapters define (a comment may name those too)."""
    import dbt

    packages = Path(dbt.__file__).parent
    return {
        name for path in packages.rglob("*.sql") for name in MACRO_DEF.findall(path.read_text())
    }


def _known_names() -> set[str]:
    """What else a snake_case word in a comment can be: a word of the project's SQL (a
    column, a CTE, a function), a name its YAML declares, a Python function."""
    known = set(_project_macros()) | _dbt_macros() | EXAMPLE_NAMES | DBT_CONTEXT
    for path in [
        *(PROJECT_ROOT / "macros").rglob("*.sql"),
        *(PROJECT_ROOT / "models").rglob("*.sql"),
    ]:
        known |= set(SNAKE.findall(JINJA_COMMENT.sub(" ", path.read_text())))
    for path in _tracked_text_files():  # not target/, where dbt names folders *.yml
        if path.suffix == ".yml":
            known |= set(re.findall(r"name:\s*(\w+)", path.read_text()))
    known |= set(SNAKE.findall((PROJECT_ROOT / "dbt_project.yml").read_text()))
    for path in [*(PROJECT_ROOT / "loader").rglob("*.py"), *(PROJECT_ROOT / "tests").rglob("*.py")]:
        known |= set(re.findall(r"def (\w+)\(", path.read_text()))
    return known


def _unknown_macro_names(text: str, prose: bool, known: set[str], macros: set[str]) -> list[str]:
    """Names `text` gives macros that do not exist. In a macro's or model's comment and in a
    macros YAML, any snake_case word that is nothing else the project knows; in a doc page
    (prose), a name written as a call (`name(`, `{{ name(`) or with an engine prefix."""
    if prose:
        named = re.findall(r"`([a-z]\w*_\w*)\(", text) + re.findall(r"\{\{\s*(\w+)\(", text)
        unknown = [name for name in named if name not in known]
    else:
        unknown = [name for name in SNAKE.findall(text) if name not in known]
    unknown += [name for name in ENGINE_NAME.findall(text) if name not in known]
    return sorted(set(unknown) - macros)


def test_every_macro_named_in_a_comment_or_doc_exists():
    known, macros = _known_names(), set(_project_macros())
    places: list[tuple[Path, str, bool]] = []
    for path in [
        *(PROJECT_ROOT / "macros").rglob("*.sql"),
        *(PROJECT_ROOT / "models").rglob("*.sql"),
    ]:
        places += [(path, comment, False) for comment in JINJA_COMMENT.findall(path.read_text())]
    places += [
        (path, path.read_text(), False) for path in (PROJECT_ROOT / "macros").rglob("_*.yml")
    ]
    places += [
        (path, path.read_text(), True)
        for path in [*(PROJECT_ROOT / "docs").glob("*.md"), *PROJECT_ROOT.glob("*.md")]
    ]
    missing = {
        str(path.relative_to(PROJECT_ROOT)): names
        for path, text, prose in places
        if (names := _unknown_macro_names(text, prose, known, macros))
    }
    assert not missing, f"macros named but not defined: {missing}"


def test_the_macro_check_catches_a_name_that_does_not_exist():
    known = {"incremental_prepare", "claim_rebuild"}
    comment = "{#- incremental_prepare drops them, and reprocess_incremental_reset too. -#}"
    doc = "Call `json_fieldz(payload)` or {{ in_subqueri('x', q) }}; `row_number()` is SQL."
    assert _unknown_macro_names(comment, False, known, set()) == ["reprocess_incremental_reset"]
    assert _unknown_macro_names(doc, True, known | {"row_number"}, set()) == [
        "in_subqueri",
        "json_fieldz",
    ]


def test_dispatched_macros_keep_each_engine_beside_the_dispatcher():
    """`x` dispatched: `postgres__x` and `spark__x` in x's own file, or `default__x` alone
    when the SQL is the same on both; never a `default__x` beside an engine's own."""
    macros = _project_macros()
    problems = []
    for name, path in macros.items():
        if f"adapter.dispatch('{name}')" not in path.read_text():
            continue
        versions = {
            prefix: macros.get(f"{prefix}__{name}") for prefix in ("default", "postgres", "spark")
        }
        found = {prefix: where for prefix, where in versions.items() if where}
        if set(found) not in ({"default"}, {"postgres", "spark"}):
            problems.append(f"{name}: {sorted(found)}")
        problems += [
            f"{prefix}__{name} is in {where.relative_to(PROJECT_ROOT)}, not beside {name}"
            for prefix, where in found.items()
            if where != path
        ]
    assert not problems, problems
