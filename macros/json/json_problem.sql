{#- Why the value at `key` is unusable, or null when it is fine: present but not what
    `typed` (the field's json_* expression) accepts, or absent while `required`. -#}
{% macro json_problem(payload, key, typed, expected, required=false) -%}
    {{ return(adapter.dispatch('json_problem')(payload, key, typed, expected, required)) }}
{%- endmacro %}

{% macro default__json_problem(payload, key, typed, expected, required) -%}
    case
        when coalesce(jsonb_typeof({{ payload }} -> '{{ key }}'), 'null') = 'null'
            then {{ "'" ~ key ~ ": missing'" if required else 'null' }}
        when ({{ typed }}) is null
            then '{{ key }}: expected {{ expected }}, found '
                || left(({{ payload }} -> '{{ key }}')::text, 60)
    end
{%- endmacro %}
