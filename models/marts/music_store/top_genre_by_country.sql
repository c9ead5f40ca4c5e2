{#- The most purchased genre in each country (the customer's country), by tracks bought.
    Ties are kept: every genre with the top count appears. -#}
with

invoice_lines as (

    select * from {{ ref('fct_invoice_lines') }}

),

tracks as (

    select * from {{ ref('dim_tracks') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

purchases as (

    select
        coalesce(customers.country, 'Unknown') as country,
        coalesce(tracks.genre_name, 'Unknown') as genre_name,
        sum(invoice_lines.quantity) as purchases
    from invoice_lines
    inner join tracks
        on invoice_lines.track_id = tracks.track_id
    inner join customers
        on invoice_lines.customer_id = customers.customer_id
    group by 1, 2

),

ranked as (

    select
        country,
        genre_name,
        purchases,
        rank() over (partition by country order by purchases desc) as purchase_rank
    from purchases

),

final as (

    select
        country,
        genre_name,
        cast(purchases as integer) as purchases
    from ranked
    where purchase_rank = 1

)

select * from final
