{#- The most purchased genre in each country (the customer's country), by tracks bought.
    Ties are kept: every genre with the top count appears. -#}
with

customer_genre_purchases as (

    select * from {{ ref('customer_genre_purchases') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

purchases as (

    select
        coalesce(customers.country, 'Unknown') as country,
        customer_genre_purchases.genre_name,
        sum(customer_genre_purchases.tracks_bought) as purchases
    from customer_genre_purchases
    inner join customers
        on customer_genre_purchases.customer_id = customers.customer_id
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
