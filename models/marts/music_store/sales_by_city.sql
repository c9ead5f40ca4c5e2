{#- Revenue by billing city, from invoice totals. A missing city or country is
    'Unknown'. -#}
with

invoices as (

    select * from {{ ref('fct_invoices') }}

),

final as (

    select
        coalesce(billing_city, 'Unknown') as billing_city,
        coalesce(billing_country, 'Unknown') as billing_country,
        cast(count(*) as integer) as invoice_count,
        cast(sum(total) as numeric(10, 2)) as revenue
    from invoices
    group by 1, 2

)

select * from final
