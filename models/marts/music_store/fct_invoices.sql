{#- One row per invoice. `total` is the invoice's own figure; a data test checks that it
    equals the sum of its lines. -#}
with

invoices as (

    select * from {{ ref('stg_music_store__invoices') }}

),

invoice_lines as (

    select * from {{ ref('stg_music_store__invoice_lines') }}

),

line_counts as (

    select
        invoice_id,
        count(*) as line_count
    from invoice_lines
    group by 1

),

final as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        invoices.billing_address,
        invoices.billing_city,
        invoices.billing_state,
        invoices.billing_country,
        invoices.billing_postal_code,
        cast(invoices.total as numeric(10, 2)) as total,
        cast(coalesce(line_counts.line_count, 0) as integer) as line_count,
        invoices.invoiced_at
    from invoices
    left join line_counts
        on invoices.invoice_id = line_counts.invoice_id

)

select * from final
