{#- `select * from <relation>`, keeping one row per `partition_by` value: the first by
    `order_by`. Write order_by with explicit `nulls first` / `nulls last` where a column
    can be null: the engines' defaults differ. -#}
{% macro keep_first(relation, partition_by, order_by) -%}
    {{ return(adapter.dispatch('keep_first')(relation, partition_by, order_by)) }}
{%- endmacro %}

{#- PostgreSQL: distinct on, which one sort serves. -#}
{% macro postgres__keep_first(relation, partition_by, order_by) -%}
    select distinct on ({{ partition_by | join(', ') }}) *
    from {{ relation }}
    order by
        {{ (partition_by + order_by) | join(',\n        ') }}
{%- endmacro %}

{#- Spark: a row number per partition; the row travels as one struct, so the output has
    exactly the relation's columns. -#}
{% macro spark__keep_first(relation, partition_by, order_by) -%}
    select ranked.kept.*
    from (
        select
            struct({{ relation }}.*) as kept,
            row_number() over (
                partition by {{ partition_by | join(', ') }}
                order by {{ order_by | join(', ') }}
            ) as keep_first_rank
        from {{ relation }}
    ) as ranked
    where ranked.keep_first_rank = 1
{%- endmacro %}
