{#- dbt's relation cache on Spark, from the metastore's names alone. dbt-spark asks
    `show table extended` per schema, which reads every table's files and partitions
    (seconds per schema, more with a partition per landed file); a run needs only each
    relation's name and whether it is a view. `dbt docs generate` keeps the adapter's
    own listing, whose details fill the catalog. -#}
{% macro spark__list_relations_without_caching(relation) -%}
    {%- if flags.WHICH in ('generate', 'docs') -%}
        {{ return(dbt.spark__list_relations_without_caching(relation)) }}
    {%- endif -%}
    {%- set tables = run_query('show tables in ' ~ relation.schema) -%}
    {%- set views = run_query('show views in ' ~ relation.schema) -%}
    {%- set view_names = views.columns[1].values() | list -%}
    {%- set rows = [] -%}
    {%- for row in tables if not row[2] -%}
        {%- set kind = 'Type: VIEW' if row[1] in view_names else 'Type: MANAGED' -%}
        {%- do rows.append([row[0], row[1], false, kind ~ '\n']) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}
