with

source as (

    select * from {{ source('music_store', 'music_store_album') }}

),

final as (

    select
        album_id,
        artist_id,
        title as album_title
    from source

)

select * from final
