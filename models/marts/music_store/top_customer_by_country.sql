{#- The customer who spent the most in each country (the customer's country), by the sum
    of their invoice totals. Ties are kept. Customers who never bought are left out. -#}
with

customers as (

    select * from {{ ref('dim_customers') }}

),

ranked as (

    select
        coalesce(country, 'Unknown') as country,
        customer_id,
        first_name,
        last_name,
        lifetime_revenue as total_spent,
        rank() over (
            partition by coalesce(country, 'Unknown')
            order by lifetime_revenue desc
        ) as spend_rank
    from customers
    where invoice_count > 0

),

final as (

    select
        country,
        customer_id,
        first_name,
        last_name,
        cast(total_spent as numeric(10, 2)) as total_spent
    from ranked
    where spend_rank = 1

)

select * from final
