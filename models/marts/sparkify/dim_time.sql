{#- One row per distinct song-play start time (docs: dim_time). Incremental: the start
    times of plays landed since the last run that are not here yet. -#}
{{ config(materialized=incremental_or_table(), incremental_strategy='append') }}

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
        cast(extract(hour from start_times.start_time) as integer) as hour,
        cast(extract(day from start_times.start_time) as integer) as day,
        cast(extract(week from start_times.start_time) as integer) as week,
        cast(extract(month from start_times.start_time) as integer) as month,
        cast(extract(year from start_times.start_time) as integer) as year,
        {{ iso_weekday('start_times.start_time') }} as weekday
    from start_times

)

select * from final
