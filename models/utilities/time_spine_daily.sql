{#- One row per calendar day: MetricFlow's time spine, used for cumulative metrics and
    for filling days without data. Built with day_series, so it needs no package. -#}
{{ config(materialized='table') }}

with

days as (

    {{ day_series(var("time_spine_start", "2000-01-01"), var("time_spine_end", "2035-12-31")) }}

),

final as (

    select days.date_day
    from days

)

select * from final
