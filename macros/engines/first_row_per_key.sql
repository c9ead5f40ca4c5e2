{#- For each key in `keys` (a relation or CTE with the column `key`), the first row of
    `rows` with that key by `order_by` (with explicit nulls first/last: the engines'
    defaults differ), as `key` plus `columns`. -#}
{% macro first_row_per_key(keys, rows, key, columns, order_by) -%}
    {{ return(adapter.dispatch('first_row_per_key')(keys, rows, key, columns, order_by)) }}
{%- endmacro %}

{#- PostgreSQL: one index probe per key (a lateral subquery with limit 1), so a run that
    touches a few keys reads a few rows. -#}
{% macro postgres__first_row_per_key(keys, rows, key, columns, order_by) -%}
    select
        {{ keys }}.{{ key }},
        {%- for column in columns %}
        first_row.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ keys }}
    cross join lateral (
        select
            {%- for column in columns %}
            {{ rows }}.{{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ rows }}
        where {{ rows }}.{{ key }} = {{ keys }}.{{ key }}
        order by
            {{ order_by | join(',\n            ') }}
        limit 1
    ) as first_row
{%- endmacro %}

{#- Spark: a row number over the keys' rows. -#}
{% macro spark__first_row_per_key(keys, rows, key, columns, order_by) -%}
    select {{ key }}, {{ columns | join(', ') }}
    from (
        select
            {{ rows }}.{{ key }},
            {%- for column in columns %}
            {{ rows }}.{{ column }},
            {%- endfor %}
            row_number() over (
                partition by {{ rows }}.{{ key }}
                order by {{ order_by | join(', ') }}
            ) as first_row_rank
        from {{ rows }}
        where {{ rows }}.{{ key }} in (select {{ keys }}.{{ key }} from {{ keys }})
    ) as ranked
    where ranked.first_row_rank = 1
{%- endmacro %}
