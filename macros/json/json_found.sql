{#- What a JSON field held, as text for a message (its JSON spelling, cut at 60
    characters); used only to explain a quarantined record. -#}
{% macro json_found(payload, key) -%}
    {{ return(adapter.dispatch('json_found')(payload, key)) }}
{%- endmacro %}

{% macro default__json_found(payload, key) -%}
    left(({{ payload }} -> '{{ key }}')::text, 60)
{%- endmacro %}
