"""The dbt-score rules (lint/dbt_score_rules.py) pass on this project's manifest and catch
each kind of breach when one node is changed to commit it."""

from __future__ import annotations

import copy
import json
import tomllib

import pytest
from dbt_score.models import Model, Source

from lint import dbt_score_rules as rules
from tests.python.helpers import PROJECT_ROOT
from tests.python.quality.conftest import invoke_dbt

PKG = "sparkify_warehouse"
CONFIG = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["dbt-score"]
REPORT_MARTS = CONFIG["rules"]["lint.dbt_score_rules.model_name_matches_folder"]["report_marts"]


@pytest.fixture(scope="module")
def manifest(server_settings, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("rules_manifest")
    result = invoke_dbt(
        PROJECT_ROOT, server_settings, "parse", "--target-path", str(out), "--log-path", str(out)
    )
    assert result.success, result.exception
    return json.loads((out / "manifest.json").read_text())


def _tests_of(manifest: dict, unique_id: str) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and node.get("attached_node") == unique_id
    ]


def _model(manifest: dict, name: str, change=None, tests=None) -> Model:
    unique_id = f"model.{PKG}.{name}"
    node = copy.deepcopy(manifest["nodes"][unique_id])
    if change:
        change(node)
    return Model.from_node(node, _tests_of(manifest, unique_id) if tests is None else tests)


def _source(manifest: dict, name: str, change=None) -> Source:
    node = copy.deepcopy(manifest["sources"][f"source.{PKG}.{name}"])
    if change:
        change(node)
    return Source.from_node(node, [])


def _check(rule, evaluable, **config):
    return rule().evaluate(evaluable, **config) if config else rule().evaluate(evaluable)


def _set(path: str, value):
    def change(node):
        *parents, last = path.split(".")
        target = node
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _both(first, second):
    def change(node):
        first(node)
        second(node)

    return change


GOOD = ["stg_music_store__tracks", "int_tracks_joined", "dim_tracks", "sales_by_country"]


@pytest.mark.parametrize("name", GOOD)
def test_rules_pass_on_good_models(manifest, name):
    model = _model(manifest, name)
    assert _check(rules.model_is_documented, model) is None
    assert _check(rules.model_has_primary_key_test, model) is None
    assert _check(rules.model_name_matches_folder, model, report_marts=REPORT_MARTS) is None
    assert _check(rules.model_access_matches_layer, model) is None
    assert _check(rules.model_reads_from_its_layer, model) is None


@pytest.mark.parametrize(
    ("rule", "name", "change", "tests"),
    [
        (rules.model_is_documented, "dim_tracks", _set("description", ""), None),
        (rules.model_is_documented, "dim_tracks", _set("columns.track_id.description", ""), None),
        (rules.model_has_primary_key_test, "int_tracks_joined", None, []),
        (rules.model_access_matches_layer, "dim_tracks", _set("access", "protected"), None),
        (
            rules.model_access_matches_layer,
            "dim_tracks",
            _set("config.contract.enforced", False),
            None,
        ),
        (rules.model_access_matches_layer, "int_tracks_joined", _set("access", "public"), None),
        (
            rules.model_access_matches_layer,
            "stg_music_store__tracks",
            _set("group", "sparkify"),
            None,
        ),
        (rules.model_name_matches_folder, "dim_tracks", _set("name", "tracks"), None),
        (rules.model_name_matches_folder, "int_tracks_joined", _set("name", "tracks_joined"), None),
        (
            rules.model_name_matches_folder,
            "stg_music_store__tracks",
            _set("name", "stg_sparkify__tracks"),
            None,
        ),
        (
            rules.model_name_matches_folder,
            "dim_tracks",
            _set("original_file_path", "models/dim_tracks.sql"),
            None,
        ),
        (
            rules.model_reads_from_its_layer,
            "dim_tracks",
            _set("depends_on.nodes", [f"source.{PKG}.music_store.music_store_track"]),
            None,
        ),
    ],
)
def test_rules_catch_a_breach(manifest, rule, name, change, tests):
    model = _model(manifest, name, change, tests)
    config = {"report_marts": REPORT_MARTS} if rule is rules.model_name_matches_folder else {}
    assert _check(rule, model, **config) is not None


def test_primary_key_by_enforced_constraint_alone(manifest):
    """A contracted primary_key constraint counts even without unique/not_null tests."""
    assert (
        _check(rules.model_has_primary_key_test, _model(manifest, "dim_tracks", tests=[])) is None
    )


@pytest.mark.parametrize(
    "change",
    [
        _set("description", ""),
        _set("source_description", ""),
        _set("loader", ""),
        _both(_set("freshness", None), _set("config.freshness", None)),
        _both(
            _both(_set("loaded_at_field", None), _set("config.loaded_at_field", None)),
            _both(_set("loaded_at_query", None), _set("config.loaded_at_query", None)),
        ),
    ],
)
def test_source_rules_catch_a_breach(manifest, change):
    source_name = "music_store.music_store_track"
    assert _check(rules.source_is_documented, _source(manifest, source_name)) is None
    assert _check(rules.source_has_freshness, _source(manifest, source_name)) is None
    changed = _source(manifest, source_name, change)
    assert (
        _check(rules.source_is_documented, changed) or _check(rules.source_has_freshness, changed)
    ) is not None
