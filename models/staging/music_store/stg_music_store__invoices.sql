{#- invoice_date is a timestamp without time zone in the files; it is read as UTC. -#}
with

source as (

    select * from {{ source('music_store', 'music_store_invoice') }}

),

final as (

    select
        invoice_id,
        customer_id,
        billing_address,
        billing_city,
        billing_state,
        billing_country,
        billing_postal_code,
        total,
        invoice_date as invoiced_at
    from source

)

select * from final
