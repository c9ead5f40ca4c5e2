{#- The ISO day of the week of a timestamp: 1 for Monday to 7 for Sunday. -#}
{% macro iso_weekday(timestamp) -%}
    {{ return(adapter.dispatch('iso_weekday')(timestamp)) }}
{%- endmacro %}

{% macro postgres__iso_weekday(timestamp) -%}
    cast(extract(isodow from {{ timestamp }}) as integer)
{%- endmacro %}

{% macro spark__iso_weekday(timestamp) -%}
    cast(extract(dayofweek_iso from {{ timestamp }}) as integer)
{%- endmacro %}
