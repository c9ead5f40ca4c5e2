{#- Revenue must be the same whichever grain it is summed at. Grains built from invoice
    totals (customers, countries, cities) must match the invoices; grains built from
    invoice lines (artists, customer-by-artist, tracks) must match the lines. Returns one
    row per grain that disagrees with its base. Tracks without an album (so without an artist)
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
        'dim_customers' as grain,
        'invoices' as base,
        sum(lifetime_revenue) as revenue
    from customers
    union all
    select
        'sales_by_country' as grain,
        'invoices' as base,
        sum(revenue) as revenue
    from sales_by_country
    union all
    select
        'sales_by_city' as grain,
        'invoices' as base,
        sum(revenue) as revenue
    from sales_by_city
    union all
    select
        'artist_sales' as grain,
        'lines' as base,
        sum(revenue) as revenue
    from artist_sales
    union all
    select
        'customer_artist_spend' as grain,
        'lines' as base,
        sum(amount_spent) as revenue
    from customer_artist_spend
    union all
    select
        'track_engagement' as grain,
        'lines' as base,
        sum(revenue) as revenue
    from track_engagement

),

bases as (

    select
        'invoices' as base,
        coalesce(sum(total), 0) as revenue
    from invoices
    union all
    select
        'lines' as base,
        coalesce(sum(line_revenue), 0) as revenue
    from invoice_lines

),

final as (

    select
        grains.grain,
        grains.revenue,
        bases.base,
        bases.revenue as base_revenue
    from grains
    inner join bases
        on grains.base = bases.base
    where coalesce(grains.revenue, 0) <> bases.revenue

)

select * from final
