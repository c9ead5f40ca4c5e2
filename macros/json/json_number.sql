{#- The value at `key` as numeric when it is a JSON number (between `minimum` and
    `maximum` when given), else null. -#}
{% macro json_number(payload, key, minimum=none, maximum=none) -%}
    {{ return(adapter.dispatch('json_number')(payload, key, minimum, maximum)) }}
{%- endmacro %}

{% macro default__json_number(payload, key, minimum, maximum) -%}
    {%- set number = '(' ~ payload ~ " -> '" ~ key ~ "')::numeric" -%}
    case when jsonb_typeof({{ payload }} -> '{{ key }}') = 'number' then
        {%- if minimum is none %}
        {{ number }}
        {%- else %}
        case when {{ number }} between {{ minimum }} and {{ maximum }} then {{ number }} end
        {%- endif %}
    end
{%- endmacro %}
