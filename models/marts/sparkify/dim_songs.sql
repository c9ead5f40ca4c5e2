with

songs as (

    select * from {{ ref('int_songs_deduplicated') }}

),

final as (

    select
        songs.song_id,
        songs.title,
        songs.artist_id,
        songs.release_year as year,
        songs.duration_seconds as duration
    from songs

)

select * from final
