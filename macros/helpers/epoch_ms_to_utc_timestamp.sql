{#- Epoch milliseconds (UTC) to a `timestamp` (without time zone) holding UTC wall time. -#}
{% macro epoch_ms_to_utc_timestamp(column) -%}
    {{ return(adapter.dispatch('epoch_ms_to_utc_timestamp')(column)) }}
{%- endmacro %}

{% macro postgres__epoch_ms_to_utc_timestamp(column) -%}
    (to_timestamp({{ column }} / 1000.0) at time zone 'utc')
{%- endmacro %}

{#- Spark's timestamps are instants shown in the session's time zone, which the cluster
    sets to UTC. Rounded to microseconds, as PostgreSQL does. -#}
{% macro spark__epoch_ms_to_utc_timestamp(column) -%}
    timestamp_micros(cast(round({{ column }} * 1000) as bigint))
{%- endmacro %}
