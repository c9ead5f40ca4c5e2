{#- One row per distinct NextSong event, with the song it played when it can be found.
    Match rule: the event's song title equals the song's title, its artist equals the
    song file's artist_name (both exact, case-sensitive), and its length is within
    var('sparkify_song_match_tolerance_seconds') of the song's duration. When several
    songs match, take the smallest length difference, then the lowest song_id. No match
    leaves song_id and artist_id null. -#}
with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

songs as (

    select * from {{ ref('int_songs_deduplicated') }}

),

song_plays as (

    select * from events
    where events.is_song_play

),

candidates as (

    select
        song_plays.event_id,
        songs.song_id,
        songs.artist_id,
        row_number() over (
            partition by song_plays.event_id
            order by
                abs(songs.duration_seconds - song_plays.song_length_seconds),
                songs.song_id
        ) as match_rank
    from song_plays
    inner join songs
        on song_plays.song_title = songs.title
        and song_plays.artist_name = songs.artist_name
        and abs(songs.duration_seconds - song_plays.song_length_seconds)
        <= {{ var('sparkify_song_match_tolerance_seconds') }}

),

best_match as (

    select * from candidates
    where candidates.match_rank = 1

),

final as (

    select
        song_plays.event_id as songplay_id,
        song_plays.user_id,
        best_match.song_id,
        best_match.artist_id,
        song_plays.session_id,
        song_plays.level,
        song_plays.location,
        song_plays.user_agent,
        song_plays.event_at as start_time
    from song_plays
    left join best_match
        on song_plays.event_id = best_match.event_id

)

select * from final
