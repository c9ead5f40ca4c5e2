{#- One row per artist_id, taken from one song file. Song files can disagree about an
    artist (name spelling, location, coordinates): prefer the file with coordinates,
    then the one with a location, then the lowest source_file. -#}
with

songs as (

    select * from {{ ref('stg_sparkify__songs') }}

),

final as (

    select distinct on (songs.artist_id)
        songs.artist_id,
        songs.artist_name,
        songs.artist_location,
        songs.artist_latitude,
        songs.artist_longitude,
        songs.source_file
    from songs
    order by
        songs.artist_id,
        (songs.artist_latitude is null or songs.artist_longitude is null),
        (songs.artist_location is null),
        songs.source_file,
        songs.line_number

)

select * from final
