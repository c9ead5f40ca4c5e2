{#- One row per calendar day: MetricFlow's time spine, used for cumulative metrics and
    for filling days without data. Built with generate_series, so it needs no package. -#}
{{ config(materialized='table') }}

with

days as (

    select day_start::date as date_day
    from generate_series(
            '{{ var("time_spine_start", "2000-01-01") }}'::timestamp,
            '{{ var("time_spine_end", "2035-12-31") }}'::timestamp,
            interval '1 day'
        ) as day_start

),

final as (

    select days.date_day
    from days

)

select * from final
