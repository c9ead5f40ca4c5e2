-- 5. Who is the best customer (the most money spent)?
select
    customer_id,
    first_name,
    last_name,
    lifetime_revenue
from {{ ref('dim_customers') }}
order by lifetime_revenue desc
fetch first 1 rows with ties
