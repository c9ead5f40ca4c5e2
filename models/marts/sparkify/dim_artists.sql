{#- Kept still between song landings, exactly like dim_songs. -#}
{{ config(materialized=incremental_or_table(), incremental_strategy='append') }}

with

artists as (

    select * from {{ ref('int_artists_deduplicated') }}

),

final as (

    select
        artists.artist_id,
        artists.artist_name as name,
        artists.artist_location as location,
        artists.artist_latitude as latitude,
        artists.artist_longitude as longitude
    from artists
    {%- if is_incremental() %}
    where artists.load_seq > {{ incremental_since() }}
    {%- endif %}

)

select * from final
