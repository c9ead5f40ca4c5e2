{#- The table that records, per incremental model, the landings its rows reflect and the
    batch its current run works on. One per target schema, so targets never mix. -#}
{% macro incremental_state_relation() -%}
    {{ return(api.Relation.create(
        database=(target.database if target.database is defined else none),
        schema=target.schema,
        identifier='incremental_state',
    )) }}
{%- endmacro %}
