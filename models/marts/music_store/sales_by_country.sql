{#- Revenue by billing country, from invoice totals. A missing country is 'Unknown'. -#}
with

invoices as (

    select * from {{ ref('fct_invoices') }}

),

final as (

    select
        coalesce(billing_country, 'Unknown') as billing_country,
        cast(count(*) as integer) as invoice_count,
        cast(count(distinct customer_id) as integer) as customer_count,
        cast(sum(total) as numeric(10, 2)) as revenue
    from invoices
    group by 1

)

select * from final
