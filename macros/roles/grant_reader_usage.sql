{#- on-run-end: USAGE on each schema that holds a model granting SELECT to the reader role
    (the marts' schemas), so the reader can reach the tables it may read. Other schemas
    (raw, staging, snapshots, reference) are never granted. -#}
{% macro grant_reader_usage(role) -%}
    {{ return(adapter.dispatch('grant_reader_usage')(role)) }}
{%- endmacro %}

{% macro postgres__grant_reader_usage(role) -%}
    {%- set schemas = [] -%}
    {#- The graph is only filled in at execution time; parsing sees an empty list. -#}
    {%- set nodes = graph.nodes.values() if execute else [] -%}
    {%- for node in nodes if node.resource_type == 'model' -%}
        {%- set readers = (node.config.grants or {}).get('select', []) -%}
        {%- if role in readers and node.schema not in schemas -%}
            {%- do schemas.append(node.schema) -%}
        {%- endif -%}
    {%- endfor -%}
    do $$
    declare
        schema_name text;
    begin
        foreach schema_name in array array[
            {%- for schema in schemas | sort -%}
                {{ dbt.string_literal(schema) }}{{ ', ' if not loop.last }}
            {%- endfor -%}
        ]::text[] loop
            if exists (select from pg_catalog.pg_namespace where nspname = schema_name) then
                execute format(
                    'grant usage on schema %I to %I', schema_name, {{ dbt.string_literal(role) }}
                );
            end if;
        end loop;
    end
    $$
{%- endmacro %}

{#- Spark has no roles to grant to: nothing to do. -#}
{% macro spark__grant_reader_usage(role) -%}
{%- endmacro %}
