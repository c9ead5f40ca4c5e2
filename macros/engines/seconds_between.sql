{#- Seconds from `start` to `end` (timestamps), with their fraction. -#}
{% macro seconds_between(start, end) -%}
    {{ return(adapter.dispatch('seconds_between')(start, end)) }}
{%- endmacro %}

{% macro postgres__seconds_between(start, end) -%}
    extract(epoch from {{ end }} - {{ start }})
{%- endmacro %}

{% macro spark__seconds_between(start, end) -%}
    (unix_micros({{ end }}) - unix_micros({{ start }})) / 1000000.0
{%- endmacro %}
