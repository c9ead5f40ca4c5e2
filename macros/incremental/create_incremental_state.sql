{#- on-run-start: create the incremental state table if it is missing (under a lock, as
    two runs may start together). -#}
{% macro create_incremental_state() -%}
    {{ return(adapter.dispatch('create_incremental_state')()) }}
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro postgres__create_incremental_state() -%}
    {%- set state = incremental_state_relation() -%}
    do $create_state$
    begin
        perform pg_advisory_xact_lock(hashtext('dbt-incremental-state'));
        create schema if not exists {{ adapter.quote(state.schema) }};
        create table if not exists {{ state }} (
            model text primary key,
            consumed_load_seq bigint,
            consumed_files bigint,
            claim_invocation text,
            claim_since bigint,
            claim_until bigint,
            claim_files bigint,
            claim_rebuild boolean,
            updated_at timestamptz not null default now()
        );
    end
    $create_state$
{%- endmacro %}

{#- Spark: the same columns, in Parquet, one partition per model. -#}
#- The incremental machinery on Spark: the same state and the same rules as on
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
