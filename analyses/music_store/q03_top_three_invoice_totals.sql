-- 3. What are the top three invoice totals?
select
    invoice_id,
    customer_id,
    total
from {{ ref('fct_invoices') }}
order by total desc, invoice_id asc
limit 3
