{#- Every distinct NextSong event that the deduplication kept from raw appears exactly
    once in songplays, and songplays holds nothing else. Returns one row per offending
    event. (Against the deduplicated events, not raw itself: typing all of raw again
    would cost more than the build it checks; pytest reconciles raw end to end.) -#}
with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

songplays as (

    select * from {{ ref('fct_songplays') }}

),

plays as (

    select events.event_id
    from events
    where events.is_song_play

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
        coalesce(plays.event_id, songplay_copies.songplay_id) as event_id,
        case
            when songplay_copies.songplay_id is null then 'missing from songplays'
            when plays.event_id is null then 'not a NextSong event in raw'
            else 'in songplays ' || songplay_copies.copies || ' times'
        end as problem
    from plays
    full outer join songplay_copies
        on plays.event_id = songplay_copies.songplay_id
    where
        plays.event_id is null
        or songplay_copies.songplay_id is null
        or songplay_copies.copies <> 1

)

select * from final
