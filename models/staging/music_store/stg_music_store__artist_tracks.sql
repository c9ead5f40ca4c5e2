{#- The optional artist-to-track links: the loader always creates the raw table, empty
    when the CSV is absent, so this view builds on Chinook data too. -#}
with

source as (

    select * from {{ source('music_store', 'music_store_artist_track') }}

),

final as (

    select
        artist_id,
        track_id,
        role as artist_role
    from source

)

select * from final
