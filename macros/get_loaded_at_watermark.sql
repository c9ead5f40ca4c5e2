{#- The loaded_at watermark an incremental model recorded on its relation with
    set_loaded_at_watermark, as text (a timestamptz literal), or none when there is
    none yet. -#}
{% macro get_loaded_at_watermark(relation) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select obj_description(to_regclass('{{ relation }}'), 'pg_class')
    {%- endset -%}
    {%- set comment = run_query(query).columns[0].values()[0] -%}
    {%- set prefix = 'loaded_at watermark: ' -%}
    {%- if comment and comment.startswith(prefix) and comment | length > prefix | length -%}
        {{ return(comment[prefix | length:]) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
