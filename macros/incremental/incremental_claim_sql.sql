{#- SQL that claims the current model's batch for this dbt invocation, once: the first
    call in a run computes it and later calls (from the model's SQL or its hooks) leave
    it as it is, so every part of the run sees the same batch.
    - claim_until: the landings the run will have consumed: the newest landing in
      raw.load_manifest, or for a model downstream of incremental models, the least they
      have consumed. Landings are numbered in commit order (docs/raw_layer.md), so all
      of them are visible to the run;
    - claim_rebuild: the model must be rebuilt from everything: it has no state yet, it
      is being (re)created, a file it consumed was replaced or is gone from the manifest
      (its rows may have vanished), or a source it reads as a whole landed again;
    - claim_since: 0 when rebuilding, else the landings consumed so far;
    - claim_files: how many files of its sources the manifest held up to claim_until. -#}
{% macro incremental_claim_sql() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set state = incremental_state_relation() -%}
    {%- set inputs = incremental_inputs() -%}
    {#- The loader's bookkeeping (raw.load_manifest), found through its source declaration
        but not by source(): every incremental model consults it, and lineage shows what
        a model reads, not what its hooks check. -#}
    {%- set declared = graph.sources['source.' ~ project_name ~ '.sparkify.load_manifest'] -%}
    {%- set manifest = api.Relation.create(
        database=declared.database, schema=declared.schema, identifier=declared.identifier
    ) -%}
    {%- set model_id = dbt.string_literal(model.unique_id) -%}
    {%- set sources = inputs.new_rows + inputs.rebuild -%}
    {%- set in_sources -%}
        landed.source in ('{{ sources | join("', '") }}')
    {%- endset -%}
    insert into {{ state }} as state (
        model, claim_invocation, claim_since, claim_until, claim_files, claim_rebuild,
        updated_at
    )
    select
        {{ model_id }},
        {{ dbt.string_literal(invocation_id) }},
        case when rebuild then 0 else consumed end,
        until,
        (
            select count(*) from {{ manifest }} as landed
            where {{ in_sources }} and landed.first_load_seq <= until
        ),
        rebuild,
        now()
    from (
        select
            settled.consumed,
            bounds.until,
            {%- if not is_incremental() %}
            true as rebuild
            {%- else %}
            (
                settled.consumed is null
                or (
                    select count(*) from {{ manifest }} as landed
                    where {{ in_sources }} and landed.first_load_seq <= settled.consumed
                ) < settled.files
                {%- if inputs.new_rows %}
                or exists (
                    select 1 from {{ manifest }} as landed
                    where landed.source in ('{{ inputs.new_rows | join("', '") }}')
                        and landed.load_seq > settled.consumed
                        and landed.first_load_seq <= settled.consumed
                )
                {%- endif %}
                {%- if inputs.rebuild %}
                or exists (
                    select 1 from {{ manifest }} as landed
                    where landed.source in ('{{ inputs.rebuild | join("', '") }}')
                        and landed.load_seq > settled.consumed
                )
                {%- endif %}
            ) as rebuild
            {%- endif %}
        from (
            select
                max(consumed_load_seq) as consumed,
                coalesce(max(consumed_files), 0) as files
            from {{ state }}
            where model = {{ model_id }}
        ) as settled
        cross join (
            {%- if inputs.parents %}
            select case when count(*) = {{ inputs.parents | length }}
                then min(coalesce(parent.consumed_load_seq, 0)) else 0 end as until
            from {{ state }} as parent
            where parent.model in (
                {%- for parent in inputs.parents -%}
                    {{ dbt.string_literal(parent) }}{{ ', ' if not loop.last }}
                {%- endfor -%}
            )
            {%- else %}
            select coalesce(max(landed.load_seq), 0) as until from {{ manifest }} as landed
            {%- endif %}
        ) as bounds
    ) as claim
    on conflict (model) do update set
        claim_invocation = excluded.claim_invocation,
        claim_since = excluded.claim_since,
        claim_until = excluded.claim_until,
        claim_files = excluded.claim_files,
        claim_rebuild = excluded.claim_rebuild,
        updated_at = excluded.updated_at
    where state.claim_invocation is distinct from excluded.claim_invocation
{%- endmacro %}
