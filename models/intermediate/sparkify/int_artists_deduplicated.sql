{#- One row per artist_id, taken from one valid song record. Song files can disagree
    about an artist (name spelling, location, coordinates): prefer the file with
    coordinates, then the one with a location, then the lowest source_file. -#}
with

songs as (

    select * from {{ ref('stg_sparkify__songs') }}

),

landed_files as (

    select * from {{ ref('stg_sparkify__landed_files') }}

),

final as (

    select distinct on (songs.artist_id)
        songs.artist_id,
        songs.artist_name,
        songs.artist_location,
        songs.artist_latitude,
        songs.artist_longitude,
        songs.source_file,
        landed_files.load_seq
    from songs
    inner join landed_files
        on songs.source_file = landed_files.source_file
    where
        landed_files.raw_table = 'sparkify_songs'
        and not songs.is_quarantined
    order by
        songs.artist_id,
        (songs.artist_latitude is null or songs.artist_longitude is null),
        (songs.artist_location is null),
        songs.source_file,
        songs.line_number

)

select * from final
