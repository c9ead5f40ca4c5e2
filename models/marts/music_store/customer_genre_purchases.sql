{#- How many tracks each customer bought in each genre. -#}
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
        invoice_lines.customer_id,
        coalesce(tracks.genre_name, 'Unknown') as genre_name,
        sum(invoice_lines.quantity) as tracks_bought
    from invoice_lines
    inner join tracks
        on invoice_lines.track_id = tracks.track_id
    group by 1, 2

),

final as (

    select
        purchases.customer_id,
        customers.email,
        customers.first_name,
        customers.last_name,
        purchases.genre_name,
        cast(purchases.tracks_bought as integer) as tracks_bought
    from purchases
    inner join customers
        on purchases.customer_id = customers.customer_id

)

select * from final
