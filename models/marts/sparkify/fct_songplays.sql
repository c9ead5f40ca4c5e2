{#- One row per distinct NextSong event. Incremental (delete+insert, so it runs on
    PostgreSQL 14, which has no MERGE). See the model's description for the design.
    sql_header: the planner guesses 8 rows for `= any(array(...))` whatever the array
    holds, and on that guess joined the songs by nested loop: 270k new plays x 50k songs
    ran for over 9 minutes at 10M events. A hash join takes about 2 s. The sort for the
    best match then fits in memory at 256MB. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='songplay_id',
        on_schema_change='fail',
        sql_header="set local enable_nestloop = off; set local work_mem = '256MB';",
        indexes=[
            {'columns': ['start_time']},
            {'columns': ['user_id']},
            {'columns': ['song_id']},
        ],
        pre_hook="{{ reprocess_incremental_reset(songs_matter=true) }}",
        post_hook=[
            "{{ restore_foreign_keys() }}",
            "{{ sparkify_record_watermark() }}",
        ],
    )
}}

-- depends_on: {{ ref('int_events_deduplicated') }}
{%- set batch = sparkify_incremental_batch(songs_matter=true) %}

with

songplays as (

    select * from {{ ref('int_songplays_matched') }}

),

{%- if not batch.reprocess_all %}

{#- Events whose kept copy was (re)written since the watermark: new plays, late plays
    with an old ts, and plays whose kept copy moved to a new file. -#}
changed_events as (

    select events.event_id
    from {{ ref('int_events_deduplicated') }} as events
    where
        events.loaded_at > '{{ batch.loaded_at }}'::timestamptz
        and events.is_song_play

),
{%- endif %}

final as (

    select
        songplays.songplay_id,
        songplays.start_time,
        songplays.user_id,
        songplays.level,
        songplays.song_id,
        songplays.artist_id,
        songplays.session_id,
        songplays.location,
        songplays.user_agent
    from songplays
    {%- if not batch.reprocess_all %}
    {#- An array, not a join: a plain condition on the key is pushed below the match. #}
    where songplays.songplay_id = any(array(select changed_events.event_id from changed_events))
    {%- endif %}

)

select * from final
