with

source as (

    select * from {{ source('music_store', 'music_store_playlist') }}

),

final as (

    select
        playlist_id,
        name as playlist_name
    from source

)

select * from final
