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

{#- Spark's claim: the same state and the same rules as incremental_claim_sql, computed
    here and written as literal values, since Spark cannot update a row in place or read
    a table it is overwriting. Returns the run's batch for the current model, claimed
    once per invocation. -#}
{% macro spark_incremental_claim() -%}
    {%- set state = incremental_state_relation() -%}
    {%- set model_id = dbt.string_literal(model.unique_id) -%}
    {%- set columns = 'consumed_load_seq, consumed_files, claim_invocation, claim_since, '
        ~ 'claim_until, claim_files, claim_rebuild' -%}
    {%- set found = run_query(
        'select ' ~ columns ~ ' from ' ~ state ~ ' where model = ' ~ model_id
    ).rows -%}
    {%- set row = found[0] if found else none -%}
    {%- if row and row[2] == invocation_id -%}
        {{ return({'since': row[3], 'until': row[4], 'files': row[5], 'rebuild': row[6]}) }}
    {%- endif -%}
    {%- set consumed = row[0] if row else none -%}
    {%- set consumed_files = (row[1] if row else 0) or 0 -%}
    {%- set inputs = incremental_inputs() -%}
    {%- set declared = graph.sources['source.' ~ project_name ~ '.sparkify.load_manifest'] -%}
    {%- set manifest = declared.schema ~ '.' ~ declared.identifier -%}
    {%- set sources = "'" ~ (inputs.new_rows + inputs.rebuild) | join("', '") ~ "'" -%}
    {%- if inputs.parents -%}
        {%- set parents = "'" ~ inputs.parents | join("', '") ~ "'" -%}
        {%- set bounds = run_query(
            'select count(*), min(coalesce(consumed_load_seq, 0)) from ' ~ state
            ~ ' where model in (' ~ parents ~ ')'
        ).rows[0] -%}
        {%- set until = bounds[1] if bounds[0] == inputs.parents | length else 0 -%}
    {%- else -%}
        {%- set until = run_query(
            'select coalesce(max(load_seq), 0) from ' ~ manifest
        ).rows[0][0] -%}
    {%- endif -%}
    {%- set mark = consumed if consumed is not none else -1 -%}
    {%- set checks = run_query(
        'select count_if(first_load_seq <= ' ~ until ~ '), '
        ~ 'count_if(first_load_seq <= ' ~ mark ~ '), '
        ~ "count_if(load_seq > " ~ mark ~ " and first_load_seq <= " ~ mark
        ~ " and source in ('" ~ inputs.new_rows | join("', '") ~ "')), "
        ~ "count_if(load_seq > " ~ mark
        ~ " and source in ('" ~ inputs.rebuild | join("', '") ~ "')) "
        ~ 'from ' ~ manifest ~ ' where source in (' ~ sources ~ ')'
    ).rows[0] -%}
    {#- Numbers below what was consumed: the manifest restarted, so start again. -#}
    {%- set rebuild = (not is_incremental()) or consumed is none or until < consumed
        or checks[1] < consumed_files or checks[2] > 0 or checks[3] > 0 -%}
    {%- set claim = {
        'since': 0 if rebuild else consumed,
        'until': until,
        'files': checks[0],
        'rebuild': rebuild,
    } -%}
    {%- call statement('incremental_claim') -%}
        insert overwrite table {{ state }} partition (model = {{ model_id }})
        values (
            {{ consumed if consumed is not none else 'null' }}, {{ consumed_files }},
            {{ dbt.string_literal(invocation_id) }}, {{ claim.since }}, {{ claim.until }},
            {{ claim.files }}, {{ 'true' if claim.rebuild else 'false' }}, current_timestamp()
        )
    {%- endcall -%}
    {{ return(claim) }}
{%- endmacro %}
