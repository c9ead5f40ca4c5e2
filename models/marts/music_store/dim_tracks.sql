with

tracks as (

    select * from {{ ref('int_tracks_joined') }}

),

final as (

    select
        track_id,
        album_id,
        artist_id,
        genre_id,
        media_type_id,
        track_name,
        album_title,
        artist_name,
        genre_name,
        media_type_name,
        composer,
        milliseconds,
        bytes,
        cast(unit_price as numeric(10, 2)) as unit_price,
        milliseconds > avg(milliseconds) over () as is_longer_than_average
    from tracks

)

select * from final
