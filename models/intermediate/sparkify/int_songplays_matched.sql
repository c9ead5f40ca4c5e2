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
    where is_song_play

),

{# Every song each play could be. One pass, each CTE read once, so that a filter on
    songplay_id or start_time from the caller is pushed down to the events table.
    Unmatched plays keep one row with null ids. -#}
candidate_matches as (

    select
        song_plays.*,
        songs.song_id,
        songs.artist_id,
        abs(songs.duration_seconds - song_plays.song_length_seconds) as length_difference
    from song_plays
    left join songs
        on song_plays.song_title = songs.title
            and song_plays.artist_name = songs.artist_name
            and abs(songs.duration_seconds - song_plays.song_length_seconds)
            <= {{ var('sparkify_song_match_tolerance_seconds') }}

),

best_match as (

    {{ keep_first(
        'candidate_matches',
        partition_by=['event_id', 'event_at'],
        order_by=['length_difference nulls last', 'song_id nulls last'],
    ) }}

),

final as (

    select
        best_match.event_id as songplay_id,
        best_match.user_id,
        best_match.song_id,
        best_match.artist_id,
        best_match.session_id,
        best_match.level,
        best_match.location,
        best_match.user_agent,
        best_match.event_at as start_time
    from best_match

)

select * from final
