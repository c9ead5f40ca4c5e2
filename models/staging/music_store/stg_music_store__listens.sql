{#- The optional listening history: the loader always creates its raw table, empty when
    the CSV is absent, so this view builds on Chinook data too. -#}
with

source as (

    select * from {{ source('music_store', 'music_store_listening_history') }}

),

final as (

    select
        listen_id,
        customer_id,
        track_id,
        device,
        context as listen_context,
        ms_played,
        listened_at
    from source

)

select * from final
