{#- The incremental machinery on Spark: the same state and the same rules as on
    PostgreSQL (incremental_claim_sql), computed here and written as literal values,
    since Spark cannot update a row in place or read a table it is overwriting. -#}

{% macro spark__create_incremental_state() -%}
    {#- Hooks run before dbt creates the schemas, and one statement is sent per hook. -#}
    {%- call statement('create_state_schema') -%}
        create schema if not exists {{ incremental_state_relation().schema }}
    {%- endcall -%}
    create table if not exists {{ incremental_state_relation() }} (
        consumed_load_seq bigint,
        consumed_files bigint,
        claim_invocation string,
        claim_since bigint,
        claim_until bigint,
        claim_files bigint,
        claim_rebuild boolean,
        updated_at timestamp,
        model string
    ) using parquet partitioned by (model)
{%- endmacro %}

{#- The run's batch for the current model, claimed once per invocation. -#}
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

{% macro spark__incremental_since() -%}
    {{ return(spark_incremental_claim().since if execute else 0) }}
{%- endmacro %}

{#- Claims the batch; a rebuild of an existing table empties it first. -#}
{% macro spark__incremental_prepare() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        {%- set claim = spark_incremental_claim() -%}
        {%- if claim.rebuild and is_incremental() %}
    truncate table {{ this }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Records the batch as consumed. -#}
{% macro spark__incremental_settle() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        {%- set claim = spark_incremental_claim() -%}
    insert overwrite table {{ incremental_state_relation() }}
    partition (model = {{ dbt.string_literal(model.unique_id) }})
    values (
        {{ claim.until }}, {{ claim.files }}, {{ dbt.string_literal(invocation_id) }},
        {{ claim.since }}, {{ claim.until }}, {{ claim.files }},
        {{ 'true' if claim.rebuild else 'false' }}, current_timestamp()
    )
    {%- endif -%}
{%- endmacro %}
