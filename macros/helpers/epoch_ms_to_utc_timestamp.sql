{#- Epoch milliseconds (UTC) to a `timestamp` (without time zone) holding UTC wall time. -#}
{% macro epoch_ms_to_utc_timestamp(column) -%}
    (to_timestamp({{ column }} / 1000.0) at time zone 'utc')
{%- endmacro %}
