with

source as (

    select * from {{ source('music_store', 'music_store_track') }}

),

final as (

    select
        track_id,
        album_id,
        media_type_id,
        genre_id,
        name as track_name,
        composer,
        milliseconds,
        bytes,
        unit_price
    from source

)

select * from final
