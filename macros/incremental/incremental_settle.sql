{#- Post-hook of every incremental model: record the batch as consumed, in the model's
    own transaction, so the rows and the record commit together. A rebuilt table gets
    its foreign keys back and fresh statistics for the models that read it next. -#}
{% macro incremental_settle() -%}
    {{ return(adapter.dispatch('incremental_settle')()) }}
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro postgres__incremental_settle() -%}
    {%- if model.config.materialized != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set state = incremental_state_relation() -%}
    {%- set model_id = dbt.string_literal(model.unique_id) -%}
    update {{ state }}
    set consumed_load_seq = claim_until, consumed_files = claim_files, updated_at = now()
    where model = {{ model_id }} and claim_invocation = {{ dbt.string_literal(invocation_id) }};
    {{ restore_foreign_keys() }};
    do $analyze$
    begin
        if (select claim_rebuild from {{ state }} where model = {{ model_id }}) then
            analyze {{ this }};
        end if;
    end
    $analyze$
{%- endmacro %}

{#- Spark: records the batch as consumed. -#}
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
