with

source as (

    select * from {{ source('music_store', 'music_store_playlist_track') }}

),

final as (

    select
        playlist_id,
        track_id
    from source

)

select * from final
