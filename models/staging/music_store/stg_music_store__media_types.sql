with

source as (

    select * from {{ source('music_store', 'music_store_media_type') }}

),

final as (

    select
        media_type_id,
        name as media_type_name
    from source

)

select * from final
