{#- One row per distinct song-play start time (docs: dim_time). Incremental: the start
    times of plays landed since the last run that are not here yet. -#}
{{ config(materialized='incremental', incremental_strategy='append') }}

with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

start_times as (

    select distinct events.event_at as start_time
    from events
    where
        events.is_song_play
    {%- if is_incremental() %}
        and events.load_seq > {{ incremental_since() }}
        and not exists (
            select 1 from {{ this }} as known
            where known.start_time = events.event_at
        )
        {%- endif %}

),

final as (

    select
        start_times.start_time,
        extract(hour from start_times.start_time)::integer as hour,
        extract(day from start_times.start_time)::integer as day,
        extract(week from start_times.start_time)::integer as week,
        extract(month from start_times.start_time)::integer as month,
        extract(year from start_times.start_time)::integer as year,
        extract(isodow from start_times.start_time)::integer as weekday
    from start_times

)

select * from final
