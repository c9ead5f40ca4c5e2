{#- One row per song_id among the valid song records: when two song files carry the same
    song_id, keep the copy from the lowest source_file. -#}
with

songs as (

    select * from {{ ref('stg_sparkify__songs') }}

),

landed_files as (

    select * from {{ ref('stg_sparkify__landed_files') }}

),

valid_songs as (

    select
        songs.*,
        landed_files.load_seq
    from songs
    inner join landed_files
        on songs.source_file = landed_files.source_file
    where
        landed_files.raw_table = 'sparkify_songs'
        and not songs.is_quarantined

),

final as (

    {{ keep_first(
        'valid_songs', partition_by=['song_id'], order_by=['source_file', 'line_number']
    ) }}

)

select * from final
