{#- Contracts on Spark: the models' contracts name PostgreSQL's types; Spark spells some
    of them differently. The contract's expected schema is built from Spark's names, so
    column names and types are enforced on both engines (Spark enforces no constraints:
    data tests check keys and relationships there). -#}
{% macro spark__get_empty_schema_sql(columns) -%}
    {%- set spark_names = {
        'text': 'string',
        'double precision': 'double',
        'numeric': 'decimal(38,10)',
    } -%}
    {%- set translated = {} -%}
    {%- for name, column in columns.items() -%}
        {%- set copy = {} -%}
        {%- do copy.update(column) -%}
        {%- set data_type = (column.get('data_type') or '').strip().lower() -%}
        {%- if data_type in spark_names -%}
            {%- do copy.update({'data_type': spark_names[data_type]}) -%}
        {%- endif -%}
        {%- do translated.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(dbt.default__get_empty_schema_sql(translated)) }}
{%- endmacro %}
