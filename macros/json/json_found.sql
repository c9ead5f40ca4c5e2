{#- What a JSON field held, as text for a message (its JSON spelling, cut at 60
    characters); used only to explain a quarantined record. -#}
{% macro json_found(payload, key) -%}
    {{ return(adapter.dispatch('json_found')(payload, key)) }}
{%- endmacro %}

{#- PostgreSQL: the jsonb value's own text. -#}
{% macro postgres__json_found(payload, key) -%}
    left(({{ payload }} -> '{{ key }}')::text, 60)
{%- endmacro %}

{#- Spark: the field's JSON spelling as PostgreSQL shows it (a string in its quotes), read from
    the record's text; get_json_object's unquoted value when the pattern misses. -#}
{% macro spark__json_found(payload, key) -%}
    left(coalesce(
        nullif(regexp_extract(
            {{ payload }},
            '"{{ key }}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?[0-9][-+.eE0-9]*|true|false|null)',
            1
        ), ''),
        get_json_object({{ payload }}, '$.{{ key }}')
    ), 60)
{%- endmacro %}
