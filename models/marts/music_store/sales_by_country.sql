{#- Revenue by billing country, from invoice totals. A missing country is 'Unknown'. -#}
with

invoices as (

    select * from {{ ref('fct_invoices') }}

),

country_regions as (

    select * from {{ ref('music_store_country_regions') }}

),

countries as (

    select
        coalesce(billing_country, 'Unknown') as billing_country,
        cast(count(*) as integer) as invoice_count,
        cast(count(distinct customer_id) as integer) as customer_count,
        cast(sum(total) as numeric(10, 2)) as revenue
    from invoices
    group by 1

),

final as (

    select
        countries.billing_country,
        coalesce(country_regions.region, 'Unknown') as region,
        countries.invoice_count,
        countries.customer_count,
        countries.revenue
    from countries
    left join country_regions
        on countries.billing_country = country_regions.country

)

select * from final
