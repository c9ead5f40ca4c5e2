{#- One row per distinct NextSong event (docs: fct_songplays). Incremental: the plays
    whose kept copy landed since the last run are matched and written again.
    sql_header: a hash join to the songs; see docs/performance.md. -#}
{{
    config(
        materialized=incremental_or_table(),
        incremental_strategy='delete+insert',
        unique_key='songplay_id',
        sql_header=postgres_only(
            "set local enable_nestloop = off; set local work_mem = '256MB';"
        ),
        indexes=[
            {'columns': ['start_time']},
            {'columns': ['user_id']},
            {'columns': ['song_id']},
        ],
    )
}}

with

songplays as (

    select * from {{ ref('int_songplays_matched') }}

),

-- Read only by the incremental filter below.
events as ( -- noqa: ST03

    select * from {{ ref('int_events_deduplicated') }}

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
    {%- if is_incremental() %}
    {#- Plays whose kept copy was (re)written since the last run: new plays, late plays
        with an old ts, and plays whose kept copy moved to a new file. in_subquery, not a
        join: a plain condition on the key is pushed below the match. #}
    {%- set changed_plays -%}
        select events.event_id
        from events
        where events.load_seq > {{ incremental_since() }} and events.is_song_play
    {%- endset %}
    where {{ in_subquery('songplays.songplay_id', changed_plays) }}
    {%- endif %}

)

select * from final
