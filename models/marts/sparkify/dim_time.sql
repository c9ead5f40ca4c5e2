{#- One row per distinct song-play start time. Built from the same deduplicated events
    as fct_songplays (not from it), so that fct_songplays can hold a foreign key here. -#}
with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

start_times as (

    select distinct events.event_at as start_time
    from events
    where events.is_song_play

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
