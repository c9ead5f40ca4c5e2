{#- The materialization of a Sparkify model that PostgreSQL updates in place: incremental
    there; a table on Spark, whose Parquet tables cannot update or delete rows. On Spark
    such a model is rebuilt each run from int_events_deduplicated's inputs, and the
    costly part, parsing the JSON, stays incremental in stg_sparkify__events, which is
    partitioned by file (docs/spark.md). -#}
{% macro incremental_or_table() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
