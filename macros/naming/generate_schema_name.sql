{#- Production targets (var production_targets) build the schemas analysts query by name
    (sparkify, music_store); any other target prefixes every schema with its own schema
    (dev_alice_sparkify, ci_pr42_sparkify), so developers and CI never touch production
    or each other, and slim CI can defer to production in the same database. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name in var('production_targets') -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
