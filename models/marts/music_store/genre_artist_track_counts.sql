{#- How many catalogue tracks each artist has in each genre. A track without a genre
    counts under 'Unknown'. -#}
with

tracks as (

    select * from {{ ref('dim_tracks') }}

),

final as (

    select
        coalesce(genre_name, 'Unknown') as genre_name,
        artist_id,
        artist_name,
        cast(count(*) as integer) as track_count
    from tracks
    where artist_id is not null
    group by 1, 2, 3

)

select * from final
