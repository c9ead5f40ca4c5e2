{#- One row per landed song file, every field typed. -#}
with

source as (

    select * from {{ source('sparkify', 'sparkify_songs') }}

),

final as (

    select
        payload ->> 'song_id' as song_id,
        payload ->> 'artist_id' as artist_id,
        payload ->> 'title' as title,
        payload ->> 'artist_name' as artist_name,
        nullif(payload ->> 'artist_location', '') as artist_location,
        (payload ->> 'artist_latitude')::double precision as artist_latitude,
        (payload ->> 'artist_longitude')::double precision as artist_longitude,
        (payload ->> 'duration')::numeric as duration_seconds,
        -- 0 means the year is unknown.
        nullif((payload ->> 'year')::integer, 0) as release_year,
        (payload ->> 'num_songs')::integer as num_songs,
        source_file,
        line_number,
        loaded_at
    from source

)

select * from final
