{#- Every distinct valid NextSong event of the landings songplays has consumed appears
    exactly once in songplays, and songplays holds nothing that is not in raw (unless a
    replaced log file is still to be consumed). Returns one row per offending event. -#}
with

events as (

    select * from {{ ref('stg_sparkify__events') }}

),

landed_files as (

    select * from {{ ref('stg_sparkify__landed_files') }}

),

songplays as (

    select * from {{ ref('fct_songplays') }}

),

consumed as (

    select coalesce(max(state.consumed_load_seq), 0) as load_seq
    from {{ incremental_state_relation() }} as state
    where state.model = {{ dbt.string_literal('model.' ~ project_name ~ '.fct_songplays') }}

),

raw_plays as (

    select
        events.event_id,
        bool_or(landed_files.load_seq <= consumed.load_seq) as is_consumed
    from events
    inner join landed_files
        on events.source_file = landed_files.source_file
    cross join consumed
    where
        landed_files.raw_table = 'sparkify_events'
        and events.is_song_play
        and not events.is_quarantined
    group by 1

),

replacement_pending as (

    select count(*) > 0 as is_pending
    from landed_files
    cross join consumed
    where
        landed_files.raw_table = 'sparkify_events'
        and landed_files.load_seq > consumed.load_seq
        and landed_files.first_load_seq <= consumed.load_seq

),

songplay_copies as (

    select
        songplays.songplay_id,
        count(*) as copies
    from songplays
    group by 1

),

final as (

    select
        coalesce(raw_plays.event_id, songplay_copies.songplay_id) as event_id,
        case
            when songplay_copies.songplay_id is null then 'missing from songplays'
            when raw_plays.event_id is null then 'not a NextSong event in raw'
            else 'in songplays ' || songplay_copies.copies || ' times'
        end as problem
    from raw_plays
    full outer join songplay_copies
        on raw_plays.event_id = songplay_copies.songplay_id
    cross join replacement_pending
    where
        (songplay_copies.songplay_id is null and raw_plays.is_consumed)
        or (raw_plays.event_id is null and not replacement_pending.is_pending)
        or songplay_copies.copies <> 1

)

select * from final
