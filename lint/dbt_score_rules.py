"""Metadata rules for this dbt project, run by dbt-score over target/.../manifest.json.

`make lint` runs only these rules (pyproject.toml, [tool.dbt-score]) and fails on any
violation. Each rule encodes a line of the conventions in CONTRIBUTING.md:

- models and sources are documented, columns included;
- every model has a primary-key test;
- names follow their folder: staging/<source>/stg_<source>__*, intermediate/<area>/int_*,
  marts/<area>/fct_* or dim_* (or one of the store's report marts, listed in the config);
- marts are contracted and public, staging and intermediate models private, each in its
  domain's group;
- staging reads only sources, everything else only refs;
- sources declare a loader, a loaded_at_field and a freshness.
"""

# No `from __future__ import annotations`: dbt-score reads the real annotation types.

from pathlib import PurePosixPath

from dbt_score import Model, RuleViolation, Source, rule

LAYERS = ("staging", "intermediate", "marts", "utilities")
PRIMARY_KEY_COMBINATION_TESTS = {"unique_combination_of_columns"}


def _layer(model: Model) -> tuple[str | None, str | None]:
    """(layer, area) from models/<layer>/<area>/<file>.sql; utilities/ has no area."""
    parts = PurePosixPath(model.original_file_path).parts
    if len(parts) < 3 or parts[0] != "models" or parts[1] not in LAYERS:
        return None, None
    area = parts[2] if len(parts) > 3 else None
    return parts[1], area


def _documentation_violation(what: str, evaluable: Model | Source) -> RuleViolation | None:
    """The node has a description and declares its columns, each with a description."""
    if not (evaluable.description or "").strip():
        return RuleViolation(f"{what} lacks a description.")
    if not evaluable.columns:
        return RuleViolation(f"{what} declares no columns in its YAML.")
    missing = [col.name for col in evaluable.columns if not (col.description or "").strip()]
    if missing:
        return RuleViolation(f"Columns lack a description: {', '.join(missing)}.")
    return None


@rule
def model_is_documented(model: Model) -> RuleViolation | None:
    """A model has a description, declares its columns, and describes each one."""
    return _documentation_violation("Model", model)


@rule
def model_has_primary_key_test(model: Model) -> RuleViolation | None:
    """A model has a primary key that is tested or enforced.

    Any of: one column with both `unique` and `not_null` tests; a model-level
    `unique_combination_of_columns` test; a `primary_key` constraint in an enforced contract.
    """
    for column in model.columns:
        if {"unique", "not_null"} <= {test.type for test in column.tests}:
            return None
    if any(test.type in PRIMARY_KEY_COMBINATION_TESTS for test in model.tests):
        return None
    if model.config.get("contract", {}).get("enforced"):
        constraints = [*model.constraints]
        for column in model.columns:
            constraints.extend(column.constraints)
        if any(constraint.type == "primary_key" for constraint in constraints):
            return None
    return RuleViolation(
        "No primary-key test: add unique + not_null on the key column, "
        "a unique_combination_of_columns test, or a contracted primary_key constraint."
    )


@rule
def model_name_matches_folder(
    model: Model, report_marts: list[str] | None = None
) -> RuleViolation | None:
    """A model's name follows its folder (CONTRIBUTING.md, dbt layout).

    staging/<source>/ holds stg_<source>__<entity>; intermediate/<area>/ holds int_*;
    marts/<area>/ holds fct_* and dim_*, plus the report marts named in the rule's
    `report_marts` config (the music store's contract names them); utilities/ holds
    project-wide helpers such as the time spine.
    """
    layer, area = _layer(model)
    name = model.name
    if layer is None:
        return RuleViolation(
            f"{model.original_file_path} is outside models/{{{','.join(LAYERS)}}}/."
        )
    if layer != "utilities" and area is None:
        return RuleViolation(f"Put {name} in a models/{layer}/<source or area>/ subfolder.")
    if layer == "staging" and not name.startswith(f"stg_{area}__"):
        return RuleViolation(f"Staging models in {area}/ are named stg_{area}__<entity>.")
    if layer == "intermediate" and not name.startswith("int_"):
        return RuleViolation("Intermediate models are named int_<entity>s_<verb>ed.")
    if layer == "marts" and not (name.startswith(("fct_", "dim_")) or name in (report_marts or [])):
        return RuleViolation("Marts are named fct_*/dim_* (or listed as a report mart).")
    if layer != "staging" and name.startswith("stg_"):
        return RuleViolation("stg_ models live under models/staging/.")
    if layer != "intermediate" and name.startswith("int_"):
        return RuleViolation("int_ models live under models/intermediate/.")
    if layer not in ("marts",) and name.startswith(("fct_", "dim_")):
        return RuleViolation("fct_/dim_ models live under models/marts/.")
    return None


@rule
def model_access_matches_layer(model: Model) -> RuleViolation | None:
    """Marts are contracted and public; staging and intermediate are private to a group."""
    layer, area = _layer(model)
    if layer == "marts":
        if model.access != "public":
            return RuleViolation(f"Marts are access: public, not {model.access}.")
        if not model.config.get("contract", {}).get("enforced"):
            return RuleViolation("Marts have an enforced contract.")
    elif layer in ("staging", "intermediate"):
        if model.access != "private":
            return RuleViolation(f"{layer} models are access: private, not {model.access}.")
        if model.group != area:
            return RuleViolation(f"{layer}/{area}/ models belong to group {area}.")
    return None


@rule
def model_reads_from_its_layer(model: Model) -> RuleViolation | None:
    """Staging reads only source(); intermediate, marts and utilities read only ref()."""
    layer, _ = _layer(model)
    parents = model.depends_on.get("nodes", [])
    sources = [parent for parent in parents if parent.startswith("source.")]
    if layer == "staging" and len(sources) != len(parents):
        return RuleViolation("Staging models select only from source().")
    if layer != "staging" and sources:
        return RuleViolation("Only staging models select from source(); use ref().")
    return None


@rule
def source_is_documented(source: Source) -> RuleViolation | None:
    """A source, its table and every declared column have descriptions."""
    if not (source.source_description or "").strip():
        return RuleViolation(f"Source {source.source_name} lacks a description.")
    return _documentation_violation("Source table", source)


@rule
def source_has_freshness(source: Source) -> RuleViolation | None:
    """A source declares its loader, how its latest landing is found (a loaded_at_field or
    a loaded_at_query) and warn/error freshness."""
    if not (source.loader or "").strip():
        return RuleViolation("Source lacks a loader.")
    loaded_at = (
        source._raw_values.get("loaded_at_field")
        or source.config.get("loaded_at_field")
        or source._raw_values.get("loaded_at_query")
        or source.config.get("loaded_at_query")
    )
    if not loaded_at:
        return RuleViolation("Source lacks a loaded_at_field or loaded_at_query.")
    freshness = source.freshness or source.config.get("freshness")
    if not freshness:
        return RuleViolation("Source lacks a freshness.")
    for level in ("warn_after", "error_after"):
        # The manifest holds a dict; dbt-score's typing says a dataclass. Accept both.
        threshold = (
            freshness.get(level) if isinstance(freshness, dict) else getattr(freshness, level)
        ) or {}
        if not isinstance(threshold, dict):
            threshold = vars(threshold)
        if not threshold.get("count") or not threshold.get("period"):
            return RuleViolation(f"Source freshness lacks {level}.")
    return None
