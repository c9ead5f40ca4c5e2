{#- One row per invoice line, with the invoice's customer, date and billing place. -#}
with

invoice_lines as (

    select * from {{ ref('stg_music_store__invoice_lines') }}

),

invoices as (

    select * from {{ ref('stg_music_store__invoices') }}

),

final as (

    select
        invoice_lines.invoice_line_id,
        invoice_lines.invoice_id,
        invoices.customer_id,
        invoice_lines.track_id,
        invoices.billing_city,
        invoices.billing_country,
        invoice_lines.quantity,
        cast(invoice_lines.unit_price as numeric(10, 2)) as unit_price,
        cast(invoice_lines.unit_price * invoice_lines.quantity as numeric(10, 2))
            as line_revenue,
        invoices.invoiced_at
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id

)

select * from final
