"""Slim CI on a copy of the project, on one server: after a production build, change one
staging model, then check that `state:modified+` against production's manifest selects,
and `dbt build --target ci --defer` builds, exactly that model and its children, in the
CI run's own schemas, reading the unchanged parents from production, and leaving every
production relation as it was (same oid, same rows, nothing written)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from loader.common.connection import connect
from tests.python.helpers import PROJECT_ROOT, environment, query
from tests.python.quality.conftest import failures, invoke_dbt

PROJECT_FILES = ["models", "macros", "seeds", "snapshots", "analyses", "tests/dbt"]
PROJECT_TOP = ["dbt_project.yml", "profiles.yml"]
CHANGED = "stg_music_store__listens"
CHANGED_PATH = "models/staging/music_store/stg_music_store__listens.sql"
# Production, as far as the changed model's children and their tests read from it: the store.
PRODUCTION_SELECTION = "+path:models/marts/music_store"
CI_ID = "pr7"
PRODUCTION_SCHEMAS = ("analytics", "staging", "music_store", "sparkify", "reference")

# Each production relation: oid, rows, content checksum and the writes counted so far.
PRODUCTION_STATE = """
select c.oid::bigint, n.nspname || '.' || c.relname, s.n_tup_ins + s.n_tup_upd + s.n_tup_del
from pg_class as c
join pg_namespace as n on n.oid = c.relnamespace
left join pg_stat_user_tables as s on s.relid = c.oid
where n.nspname = any(%s) and c.relkind in ('r', 'v')
order by 2
"""


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

    before = _production(store_db)

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

    built = _as_ci(
        project, store_db, "build", "--target", "ci", "--select", "state:modified+",
        "--defer", "--state", str(prod_state), *target,
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

    # Built in the CI run's schemas, reading unchanged parents from production.
    for result in built.result.results:
        if result.node.resource_type == "model":
            assert result.node.schema.startswith(f"ci_{CI_ID}_"), result.node.schema
    listens = (tmp_path / "target" / "run" / "sparkify_warehouse" / "models" / "marts"
               / "music_store" / "fct_listens.sql").read_text()  # fmt: skip
    assert f'"ci_{CI_ID}_staging"."stg_music_store__listens"' in listens
    assert '"music_store"."dim_tracks"' in listens  # unchanged: production's

    # Production is untouched: same relations, oids, rows and write counters.
    assert _production(store_db) == before


def _as_ci(project: Path, settings, *args: str):
    with environment(SPARKIFY_CI_ID=CI_ID):
        return invoke_dbt(project, settings, *args)


def _production(settings) -> list[tuple]:
    """Every production relation with its oid, row count, checksum and writes counted."""
    time.sleep(1.5)  # the server publishes a backend's table counters within a second
    conn = connect(settings)
    conn.autocommit = True
    try:
        found = []
        for oid, name, writes in query(conn, PRODUCTION_STATE, (list(PRODUCTION_SCHEMAS),)):
            schema, table = name.split(".", 1)
            rows, digest = query(
                conn,
                f"select count(*), md5(string_agg(t::text, '|' order by t::text)) "
                f'from "{schema}"."{table}" as t',
            )[0]
            found.append((oid, name, rows, digest, writes))
        return found
    finally:
        conn.close()
