-- 4. Which city has the best customers (the highest sum of invoice totals)?
select
    billing_city,
    billing_country,
    revenue
from {{ ref('sales_by_city') }}
order by revenue desc
fetch first 1 rows with ties
