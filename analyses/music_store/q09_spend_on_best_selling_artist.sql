-- 9. How much did each customer spend on the best-selling artist?
with best_selling_artist as (
    select artist_id
    from {{ ref('artist_sales') }}
    order by revenue desc
    fetch first 1 rows with ties
)

select
    customers.customer_id,
    customers.first_name,
    customers.last_name,
    spend.artist_name,
    spend.amount_spent
from {{ ref('customer_artist_spend') }} as spend
inner join best_selling_artist
    on spend.artist_id = best_selling_artist.artist_id
inner join {{ ref('dim_customers') }} as customers
    on spend.customer_id = customers.customer_id
order by spend.amount_spent desc, customers.customer_id asc
