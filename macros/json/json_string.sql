{#- The value at `key` of a JSON object column when it is a JSON string, else null. -#}
{% macro json_string(payload, key) -%}
    {{ return(adapter.dispatch('json_string')(payload, key)) }}
{%- endmacro %}

{% macro default__json_string(payload, key) -%}
    case when jsonb_typeof({{ payload }} -> '{{ key }}') = 'string'
        then {{ payload }} ->> '{{ key }}' end
{%- endmacro %}
