{#- One row per employee of `employees` (id and manager columns given) who reaches the
    top of the org chart, with `hierarchy_level` (1 = reports to no one). Employees whose
    chain of managers loops, or names someone missing, get no row. -#}
{% macro org_chart_levels(employees, id, manager) -%}
    {{ return(adapter.dispatch('org_chart_levels')(employees, id, manager)) }}
{%- endmacro %}

{#- PostgreSQL: a recursive query from the top down. -#}
{% macro default__org_chart_levels(employees, id, manager) -%}
    with recursive hierarchy as (
        select
            {{ id }},
            1 as hierarchy_level
        from {{ employees }}
        where {{ manager }} is null

        union all

        select
            {{ employees }}.{{ id }},
            hierarchy.hierarchy_level + 1 as hierarchy_level
        from {{ employees }}
        inner join hierarchy
            on {{ employees }}.{{ manager }} = hierarchy.{{ id }}
    )

    select * from hierarchy
{%- endmacro %}

{#- Spark 3.5 has no recursive queries: each employee's chain of managers is followed
    through `depth` self-joins. An org chart deeper than that gets no level past it;
    the not_null test on hierarchy_level catches it. -#}
{% macro spark__org_chart_levels(employees, id, manager, depth=32) -%}
    select * from (
        select
            level_0.{{ id }},
            case
            {%- for level in range(depth) %}
                when level_{{ level }}.{{ id }} is not null
                    and level_{{ level }}.{{ manager }} is null then {{ level + 1 }}
            {%- endfor %}
            end as hierarchy_level
        from {{ employees }} as level_0
        {%- for level in range(1, depth) %}
        left join {{ employees }} as level_{{ level }}
            on level_{{ level - 1 }}.{{ manager }} = level_{{ level }}.{{ id }}
        {%- endfor %}
    ) as levels
    where hierarchy_level is not null
{%- endmacro %}
