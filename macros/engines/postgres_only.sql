{#- `sql` on PostgreSQL, nothing elsewhere: for a model's sql_header of planner settings
    (`set local ...`), which other engines neither need nor accept. -#}
{% macro postgres_only(sql) -%}
    {{ return(sql if target.type == 'postgres' else none) }}
{%- endmacro %}
