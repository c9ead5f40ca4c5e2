{#- Every distinct NextSong event landed in raw appears exactly once in songplays, and
    songplays holds nothing else. Returns one row per offending event. -#}
with

raw_plays as (

    select distinct events.event_id
    from {{ ref('stg_sparkify__events') }} as events
    where events.is_song_play

),

songplays as (

    select
        songplays.songplay_id,
        count(*) as copies
    from {{ ref('fct_songplays') }} as songplays
    group by 1

),

final as (

    select
        coalesce(raw_plays.event_id, songplays.songplay_id) as event_id,
        case
            when songplays.songplay_id is null then 'missing from songplays'
            when raw_plays.event_id is null then 'not a NextSong event in raw'
            else 'in songplays ' || songplays.copies || ' times'
        end as problem
    from raw_plays
    full outer join songplays
        on raw_plays.event_id = songplays.songplay_id
    where
        raw_plays.event_id is null
        or songplays.songplay_id is null
        or songplays.copies <> 1

)

select * from final
