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

valid_artists as (

    select
        songs.artist_id,
        songs.artist_name,
        songs.artist_location,
        songs.artist_latitude,
        songs.artist_longitude,
        songs.source_file,
        songs.line_number,
        landed_files.load_seq
    from songs
    inner join landed_files
        on songs.source_file = landed_files.source_file
    where
        landed_files.raw_table = 'sparkify_songs'
        and not songs.is_quarantined

),

preferred as (

    {{ keep_first('valid_artists', partition_by=['artist_id'], order_by=[
        '(artist_latitude is null or artist_longitude is null)',
        '(artist_location is null)',
        'source_file',
        'line_number',
    ]) }}

),

final as (

    select
        artist_id,
        artist_name,
        artist_location,
        artist_latitude,
        artist_longitude,
        source_file,
        load_seq
    from preferred

)

select * from final
