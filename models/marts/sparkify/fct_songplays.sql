{#- One row per distinct NextSong event. Incremental (delete+insert, so it runs on
    PostgreSQL 14, which has no MERGE). See the model's description for the design. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='songplay_id',
        on_schema_change='fail',
        indexes=[
            {'columns': ['start_time']},
            {'columns': ['user_id']},
            {'columns': ['song_id']},
        ],
        pre_hook="{{ songplays_delete_orphans(ref('int_events_deduplicated')) }}",
        post_hook=[
            "{{ restore_foreign_keys() }}",
            "{{ set_loaded_at_watermark([
                source('sparkify', 'sparkify_events'),
                source('sparkify', 'sparkify_songs'),
            ]) }}",
        ],
    )
}}

{#- Referenced unconditionally so that dbt records them as dependencies. -#}
{%- set landed_events = ref('stg_sparkify__events') %}
{%- set landed_songs = ref('stg_sparkify__songs') %}
{%- if is_incremental() %}
    {%- set batch = songplays_incremental_batch(landed_events, landed_songs) %}
{%- endif %}

with

songplays as (

    select * from {{ ref('int_songplays_matched') }}

),

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
    {%- if is_incremental() and not batch.reprocess_all %}
    {%- if batch.window_start is none %}
    where false
    {%- else %}
    where songplays.start_time
        between '{{ batch.window_start }}'::timestamp
        and '{{ batch.window_end }}'::timestamp
    {%- endif %}
    {%- endif %}

)

select * from final
