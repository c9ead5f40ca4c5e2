"""Slim CI on a copy of the project: change one staging model, then check that
`state:modified+` against the manifest from before the change selects, and `dbt build
--defer` builds, exactly that model and its children."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.python.helpers import PROJECT_ROOT
from tests.python.quality.conftest import failures, invoke_dbt

PROJECT_FILES = ["models", "macros", "seeds", "snapshots", "analyses", "tests/dbt"]
PROJECT_TOP = ["dbt_project.yml", "profiles.yml"]
CHANGED = "stg_music_store__listens"
CHANGED_PATH = "models/staging/music_store/stg_music_store__listens.sql"
# Production, as far as the changed model's children and their tests read from it: the store.
PRODUCTION_SELECTION = "+path:models/marts/music_store"


def _copy_project(dest: Path) -> Path:
    for folder in PROJECT_FILES:
        shutil.copytree(PROJECT_ROOT / folder, dest / folder)
    for name in PROJECT_TOP:
        shutil.copy2(PROJECT_ROOT / name, dest / name)
    return dest


def _descendant_models(manifest: dict, unique_id: str) -> set[str]:
    """Every model downstream of unique_id, from the manifest's child map."""
    found: set[str] = set()
    stack = [unique_id]
    while stack:
        for child in manifest["child_map"].get(stack.pop(), []):
            if child.startswith("model.") and child not in found:
                found.add(child)
                stack.append(child)
    return found


def test_slim_ci_builds_only_the_changed_model_and_its_children(store_db, tmp_path):
    project = _copy_project(tmp_path / "project")
    prod_state = tmp_path / "prod-state"
    target = ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]

    # Production: the manifest before the change, and the relations that deferral reads.
    prod = invoke_dbt(
        project, store_db, "build", "--select", PRODUCTION_SELECTION,
        "--resource-type", "model", "--resource-type", "seed", "--target-path",
        str(prod_state), "--log-path", str(tmp_path / "logs"),
    )  # fmt: skip
    assert prod.success, failures(prod) or prod.exception
    manifest = json.loads((prod_state / "manifest.json").read_text())
    changed_id = f"model.sparkify_warehouse.{CHANGED}"
    children = _descendant_models(manifest, changed_id)
    assert children, f"{CHANGED} should have children for this test to mean anything"

    # The pull request: one model's body changes.
    sql_file = project / CHANGED_PATH
    sql_file.write_text(sql_file.read_text() + "\n-- slim-CI test: the body changed\n")

    listed = invoke_dbt(
        project, store_db, "ls", "--resource-type", "model", "--output", "name",
        "--select", "state:modified+", "--state", str(prod_state), *target,
    )  # fmt: skip
    assert listed.success, listed.exception
    expected = {CHANGED} | {unique_id.rsplit(".", 1)[-1] for unique_id in children}
    assert set(listed.result) == expected

    built = invoke_dbt(
        project, store_db, "build", "--select", "state:modified+", "--defer",
        "--state", str(prod_state), *target,
    )  # fmt: skip
    assert built.success, failures(built) or built.exception
    built_models = {r.node.name for r in built.result.results if r.node.resource_type == "model"}
    ephemeral = {
        node["name"]
        for node in manifest["nodes"].values()
        if node["config"].get("materialized") == "ephemeral"
    }
    assert built_models == expected - ephemeral
    # Tests that ran belong to the selected models only.
    for result in built.result.results:
        if result.node.resource_type in ("test", "unit_test"):
            tested = set(result.node.depends_on.nodes)
            assert tested & {f"model.sparkify_warehouse.{name}" for name in expected}, (
                result.node.unique_id
            )
