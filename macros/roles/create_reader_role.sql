{#- on-run-start: create the read-only role (nologin) when it is missing, so the marts'
    `grants` can name it. Needs CREATEROLE only the first time: a dbt user without it
    fails here with a hint, and an administrator creates the role once. -#}
{% macro create_reader_role(role) -%}
    {{ return(adapter.dispatch('create_reader_role')(role)) }}
{%- endmacro %}

{% macro postgres__create_reader_role(role) -%}
    do $$
    begin
        if not exists (select from pg_catalog.pg_roles where rolname = {{ dbt.string_literal(role) }}) then
            create role {{ adapter.quote(role) }} nologin;
        end if;
    exception
        when duplicate_object or unique_violation then
            null;  -- another session created it first
        when insufficient_privilege then
            raise exception 'role % does not exist and % may not create it', {{ dbt.string_literal(role) }}, current_user
                using hint = 'An administrator runs once: create role '
                    || quote_ident({{ dbt.string_literal(role) }}) || ' nologin;';
    end
    $$
{%- endmacro %}

{#- Spark has no roles to grant to: nothing to do. -#}
{% macro spark__create_reader_role(role) -%}
{%- endmacro %}
