with

source as (

    select * from {{ source('music_store', 'music_store_invoice_line') }}

),

final as (

    select
        invoice_line_id,
        invoice_id,
        track_id,
        unit_price,
        quantity
    from source

)

select * from final
