with

customers as (

    select * from {{ ref('stg_music_store__customers') }}

),

invoices as (

    select * from {{ ref('stg_music_store__invoices') }}

),

country_regions as (

    select * from {{ ref('music_store_country_regions') }}

),

customer_invoices as (

    select
        customer_id,
        count(*) as invoice_count,
        sum(total) as lifetime_revenue,
        min(invoiced_at) as first_invoice_at,
        max(invoiced_at) as last_invoice_at
    from invoices
    group by 1

),

final as (

    select
        customers.customer_id,
        customers.support_rep_id,
        customers.first_name,
        customers.last_name,
        customers.company,
        customers.email,
        customers.phone,
        customers.fax,
        customers.address,
        customers.city,
        customers.state,
        customers.country,
        coalesce(country_regions.region, 'Unknown') as region,
        customers.postal_code,
        cast(coalesce(customer_invoices.invoice_count, 0) as integer) as invoice_count,
        cast(coalesce(customer_invoices.lifetime_revenue, 0) as numeric(10, 2))
            as lifetime_revenue,
        customer_invoices.first_invoice_at,
        customer_invoices.last_invoice_at
    from customers
    left join customer_invoices
        on customers.customer_id = customer_invoices.customer_id
    left join country_regions
        on customers.country = country_regions.country

)

select * from final
