"""The package states what it needs: every third-party module it imports is a declared
dependency, and the Python it asks for is the real minimum of its pinned dependencies."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.python.helpers import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
FIRST_PARTY = {"loader", "tests", "lint"}
# Modules not named after the distribution that ships them, for when that distribution is
# an extra this environment lacks (make test-postgres installs no spark extra).
SHIPPED_BY = {"TCLIService": "pyhive"}
CODE = ("loader", "lint", "tests")


def _name(requirement: str) -> str:
    return re.split(r"[\[=<>!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared() -> set[str]:
    project = PYPROJECT["project"]
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]
    return {_name(r) for r in project["dependencies"] + extras}


def _imported_modules() -> set[str]:
    found = set()
    for folder in CODE:
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found - FIRST_PARTY - set(sys.stdlib_module_names)


def test_every_imported_module_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    declared = _declared()
    missing = {
        module: distributions.get(module)
        for module in _imported_modules()
        if not {_name(d) for d in distributions.get(module, [SHIPPED_BY.get(module, module)])}
        & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_requires_python_is_the_minimum_the_pinned_dependencies_need():
    needed = (3, 0)
    for requirement in PYPROJECT["project"]["dependencies"]:
        floor = importlib.metadata.metadata(_name(requirement)).get("Requires-Python") or ""
        found = re.search(r">=\s*(\d+)\.(\d+)", floor)
        if found:
            needed = max(needed, (int(found.group(1)), int(found.group(2))))
    minimum = f"{needed[0]}.{needed[1]}"
    assert PYPROJECT["project"]["requires-python"] == f">={minimum}"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{needed[0]}{needed[1]}"
    assert f"Python {minimum}" in (PROJECT_ROOT / "README.md").read_text()
