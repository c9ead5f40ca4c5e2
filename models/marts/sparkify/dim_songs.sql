{#- Incremental only to keep still (docs: dim_songs): a run with no song landed inserts
    nothing, so the foreign keys pointing here stay; any song landing rebuilds it. -#}
{{ config(materialized=incremental_or_table(), incremental_strategy='append') }}

with

songs as (

    select * from {{ ref('int_songs_deduplicated') }}

),

final as (

    select
        songs.song_id,
        songs.title,
        songs.artist_id,
        songs.release_year as year,
        songs.duration_seconds as duration
    from songs
    {%- if is_incremental() %}
    where songs.load_seq > {{ incremental_since() }}
    {%- endif %}

)

select * from final
