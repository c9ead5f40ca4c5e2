{#- One row per song_id: when two song files carry the same song_id, keep the copy from
    the lowest source_file. -#}
with

songs as (

    select * from {{ ref('stg_sparkify__songs') }}

),

final as (

    select distinct on (songs.song_id) songs.*
    from songs
    order by
        songs.song_id,
        songs.source_file,
        songs.line_number

)

select * from final
