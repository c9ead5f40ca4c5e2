{#- One row per distinct song-play start time. Built from the same deduplicated events
    as fct_songplays (not from it), so that fct_songplays can hold a foreign key here.
    Incremental (append): a run adds the start times of plays landed since the
    watermark that are not here yet. A row is never updated (every part follows from
    start_time) and, short of a replaced log file, never goes away; a replaced file
    makes the run reprocess everything. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ reprocess_incremental_reset() }}",
        post_hook="{{ sparkify_record_watermark() }}",
    )
}}

{%- set batch = sparkify_incremental_batch() %}

with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

start_times as (

    select distinct events.event_at as start_time
    from events
    where
        events.is_song_play
    {%- if not batch.reprocess_all %}
        and events.loaded_at > '{{ batch.loaded_at }}'::timestamptz
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
