{#- Pre-hook of every incremental model (set once in dbt_project.yml): claim the run's
    batch, and when it is a rebuild of an existing table, empty the table in place.
    Foreign keys from and to it are dropped first, as the cascade of a full rebuild
    would; incremental_settle puts back the model's own, and each child its own. -#}
{% macro incremental_prepare() -%}
    {{ return(adapter.dispatch('incremental_prepare')()) }}
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro postgres__incremental_prepare() -%}
    {%- if model.config.materialized != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {{ incremental_claim_sql() }};
    {%- if is_incremental() %}
    do $reset$
    declare
        key record;
    begin
        if (
            select claim_rebuild from {{ incremental_state_relation() }}
            where model = {{ dbt.string_literal(model.unique_id) }}
        ) then
            for key in
                select conrelid::regclass as child, conname
                from pg_constraint
                where contype = 'f'
                    and (conrelid = '{{ this }}'::regclass or confrelid = '{{ this }}'::regclass)
            loop
                execute format('alter table %s drop constraint %I', key.child, key.conname);
            end loop;
            truncate table {{ this }};
        end if;
    end
    $reset$
    {%- endif %}
{%- endmacro %}

{#- Spark: claims the batch; a rebuild of an existing table empties it first. -#}
{% macro spark__incremental_prepare() -%}
    {%- if execute and model.config.materialized == 'incremental' -%}
        {%- set claim = spark_incremental_claim() -%}
        {%- if claim.rebuild and is_incremental() %}
    truncate table {{ this }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
