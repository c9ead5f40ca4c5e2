with

source as (

    select * from {{ source('music_store', 'music_store_artist') }}

),

final as (

    select
        artist_id,
        name as artist_name
    from source

)

select * from final
