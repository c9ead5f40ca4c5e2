-- 1. Who is the senior-most employee? The top of the org chart.
select
    employee_id,
    first_name,
    last_name,
    title
from {{ ref('dim_employees') }}
where hierarchy_level = 1
