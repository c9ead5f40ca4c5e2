{#- `expression` is one of the values `query` returns. On PostgreSQL written as
    `= any(array(...))`, a plain condition the planner takes to the table's index; a
    semi-join can keep it from there. -#}
{% macro in_subquery(expression, query) -%}
    {{ return(adapter.dispatch('in_subquery')(expression, query)) }}
{%- endmacro %}

{% macro postgres__in_subquery(expression, query) -%}
    {{ expression }} = any(array({{ query }}))
{%- endmacro %}

{% macro spark__in_subquery(expression, query) -%}
    {{ expression }} in ({{ query }})
{%- endmacro %}
