with

source as (

    select * from {{ source('music_store', 'music_store_genre') }}

),

final as (

    select
        genre_id,
        name as genre_name
    from source

)

select * from final
