{#- on-run-start: create the incremental state table if it is missing (under a lock, as
    two runs may start together). -#}
{% macro create_incremental_state() -%}
    {{ return(adapter.dispatch('create_incremental_state')()) }}
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro default__create_incremental_state() -%}
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
