{#- One row per track with its album, the album's artist, its genre and media type:
    five concepts, joined once here so the marts do not repeat it. A track without an
    album (allowed by Chinook) has no artist. -#}
with

tracks as (

    select * from {{ ref('stg_music_store__tracks') }}

),

albums as (

    select * from {{ ref('stg_music_store__albums') }}

),

artists as (

    select * from {{ ref('stg_music_store__artists') }}

),

genres as (

    select * from {{ ref('stg_music_store__genres') }}

),

media_types as (

    select * from {{ ref('stg_music_store__media_types') }}

),

final as (

    select
        tracks.track_id,
        tracks.album_id,
        albums.artist_id,
        tracks.genre_id,
        tracks.media_type_id,
        tracks.track_name,
        albums.album_title,
        artists.artist_name,
        genres.genre_name,
        media_types.media_type_name,
        tracks.composer,
        tracks.milliseconds,
        tracks.bytes,
        tracks.unit_price
    from tracks
    left join albums
        on tracks.album_id = albums.album_id
    left join artists
        on albums.artist_id = artists.artist_id
    left join genres
        on tracks.genre_id = genres.genre_id
    left join media_types
        on tracks.media_type_id = media_types.media_type_id

)

select * from final
