{#- Kept still between song loads, exactly like dim_songs (see its description). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ reprocess_incremental_reset(songs_matter=true) }}",
        post_hook=[
            "{{ restore_foreign_keys() }}",
            "{{ sparkify_record_watermark() }}",
        ],
    )
}}

{%- set batch = sparkify_incremental_batch(songs_matter=true) %}

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
    {%- if not batch.reprocess_all %}
    where false
    {%- endif %}

)

select * from final
