{#- What an incremental model recorded on its relation with set_loaded_at_watermark: a
    dict with `loaded_at` (a timestamptz literal, as text) and `files` (how many files
    of the tracked source had been landed by then), or none when there is no record
    yet (or the relation does not exist). -#}
{% macro get_loaded_at_watermark(relation) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select obj_description(to_regclass('{{ relation }}'), 'pg_class')
    {%- endset -%}
    {%- set comment = run_query(query).columns[0].values()[0] -%}
    {%- set prefix = 'loaded_at watermark: ' -%}
    {%- if not comment or not comment.startswith(prefix) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set parts = comment[prefix | length:].split('; files: ') -%}
    {%- if parts | length != 2 or not parts[0] or not parts[1] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'loaded_at': parts[0], 'files': parts[1] | int}) }}
{%- endmacro %}
