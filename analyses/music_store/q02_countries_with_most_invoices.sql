-- 2. Which countries have the most invoices?
select
    billing_country,
    invoice_count
from {{ ref('sales_by_country') }}
order by invoice_count desc, billing_country asc
