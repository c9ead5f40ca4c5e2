-- 11. The customer who spent the most in each country; ties kept.
select
    country,
    customer_id,
    first_name,
    last_name,
    total_spent
from {{ ref('top_customer_by_country') }}
order by country, customer_id
