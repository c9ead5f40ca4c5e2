{#- One row per listening-history row. Empty when the optional CSV was not supplied. -#}
with

listens as (

    select * from {{ ref('stg_music_store__listens') }}

),

final as (

    select
        listen_id,
        customer_id,
        track_id,
        device,
        listen_context,
        ms_played,
        ms_played < 30000 as is_skipped,
        listened_at
    from listens

)

select * from final
