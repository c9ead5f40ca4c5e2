{#- In an incremental model's SQL: `where <table>.load_seq > {{ incremental_since() }}`
    selects the rows landed after those the model already holds (all of them when the
    run rebuilds). Claims the run's batch if nothing has yet (incremental_claim_sql). -#}
{% macro incremental_since() -%}
    {{ return(adapter.dispatch('incremental_since')()) }}
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro postgres__incremental_since() -%}
    {%- if not execute -%}
        {{ return(0) }}
    {%- endif -%}
    {%- set query -%}
        {{ incremental_claim_sql() }};
        select claim_since from {{ incremental_state_relation() }}
        where model = {{ dbt.string_literal(model.unique_id) }}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{%- endmacro %}

{#- Spark: the claim's lower bound (spark_incremental_claim). -#}
{% macro spark__incremental_since() -%}
    {{ return(spark_incremental_claim().since if execute else 0) }}
{%- endmacro %}
