{#- One row per employee of `employees` (id and manager columns given) who reaches the
    top of the org chart, with `hierarchy_level` (1 = reports to no one). Employees whose
    chain of managers loops, or names someone missing, get no row. -#}
{% macro org_chart_levels(employees, id, manager) -%}
    {{ return(adapter.dispatch('org_chart_levels')(employees, id, manager)) }}
{%- endmacro %}

{#- PostgreSQL: a recursive query from the top down. -#}
{% macro postgres__org_chart_levels(employees, id, manager) -%}
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

{#- Spark 3.5 has no recursive queries. The chart is gathered into one map (employee to
    manager) and each employee walks up it, one step per element of `sequence`, until the
    top; a chain that loops, names someone missing or is deeper than `depth` gets no
    row. One aggregation and one join, where a self-join per level planned and ran 31
    joins for any chart. -#}
{% macro spark__org_chart_levels(employees, id, manager, depth=32) -%}
    select
        walked.{{ id }},
        walked.walk.level as hierarchy_level
    from (
        select
            {{ employees }}.{{ id }},
            aggregate(
                sequence(1, {{ depth }}),
                named_struct('at', {{ employees }}.{{ id }}, 'level', 1, 'state', 'walking'),
                (walk, step) -> case
                    when walk.state <> 'walking' then walk
                    when chart.managers[walk.at] is null
                        then named_struct('at', walk.at, 'level', walk.level, 'state', 'top')
                    when not map_contains_key(chart.managers, chart.managers[walk.at])
                        then named_struct('at', walk.at, 'level', walk.level, 'state', 'broken')
                    else named_struct(
                        'at', chart.managers[walk.at], 'level', walk.level + 1, 'state', 'walking'
                    )
                end
            ) as walk
        from {{ employees }}
        cross join (
            select map_from_entries(collect_list(struct({{ id }}, {{ manager }}))) as managers
            from {{ employees }}
        ) as chart
    ) as walked
    where walked.walk.state = 'top'
{%- endmacro %}
