{#- Revenue must be the same whichever grain it is summed at: invoices, lines, customers,
    countries, cities, artists, customer-by-artist and tracks. Returns one row per grain
    that disagrees with the invoice total. Tracks without an album (so without an artist)
    would make the artist grains smaller; Chinook and the generator have none. -#}
with

invoices as (

    select * from {{ ref('fct_invoices') }}

),

invoice_lines as (

    select * from {{ ref('fct_invoice_lines') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

sales_by_country as (

    select * from {{ ref('sales_by_country') }}

),

sales_by_city as (

    select * from {{ ref('sales_by_city') }}

),

artist_sales as (

    select * from {{ ref('artist_sales') }}

),

customer_artist_spend as (

    select * from {{ ref('customer_artist_spend') }}

),

track_engagement as (

    select * from {{ ref('track_engagement') }}

),

grains as (

    select
        'fct_invoice_lines' as grain,
        sum(line_revenue) as revenue
    from invoice_lines
    union all
    select
        'dim_customers' as grain,
        sum(lifetime_revenue) as revenue
    from customers
    union all
    select
        'sales_by_country' as grain,
        sum(revenue) as revenue
    from sales_by_country
    union all
    select
        'sales_by_city' as grain,
        sum(revenue) as revenue
    from sales_by_city
    union all
    select
        'artist_sales' as grain,
        sum(revenue) as revenue
    from artist_sales
    union all
    select
        'customer_artist_spend' as grain,
        sum(amount_spent) as revenue
    from customer_artist_spend
    union all
    select
        'track_engagement' as grain,
        sum(revenue) as revenue
    from track_engagement

),

invoice_totals as (

    select coalesce(sum(total), 0) as revenue
    from invoices

),

final as (

    select
        grains.grain,
        grains.revenue,
        invoice_totals.revenue as invoice_revenue
    from grains
    cross join invoice_totals
    where coalesce(grains.revenue, 0) <> invoice_totals.revenue

)

select * from final
