{#- The value at `key` as an integer when it is a JSON number with no fraction between
    `minimum` and `maximum`, else null. Never fails, whatever the record holds. -#}
{% macro json_integer(payload, key, minimum=-2147483648, maximum=2147483647, type='integer') -%}
    {{ return(adapter.dispatch('json_integer')(payload, key, minimum, maximum, type)) }}
{%- endmacro %}

{% macro default__json_integer(payload, key, minimum, maximum, type) -%}
    {%- set number = '(' ~ payload ~ " -> '" ~ key ~ "')::numeric" -%}
    case when jsonb_typeof({{ payload }} -> '{{ key }}') = 'number' then
        case when {{ number }} between {{ minimum }} and {{ maximum }}
            and {{ number }} = trunc({{ number }})
            then {{ number }}::{{ type }} end
    end
{%- endmacro %}
