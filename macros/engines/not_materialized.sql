{#- A CTE hint: PostgreSQL must inline this CTE even if it is read twice, so that the
    filters around it reach the table's indexes. Spark needs no hint. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized')()) }}
{%- endmacro %}

{% macro postgres__not_materialized() -%}
    not materialized
{%- endmacro %}

{% macro spark__not_materialized() -%}
{%- endmacro %}
