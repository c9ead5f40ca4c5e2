{#- One row per employee, with their level in the org chart (1 = the top, who reports to
    no one) and the customers and revenue they support as a sales support agent. An
    employee whose chain of managers loops never reaches the top and gets no level. -#}
with

employees as (

    select * from {{ ref('stg_music_store__employees') }}

),

customers as (

    select * from {{ ref('stg_music_store__customers') }}

),

invoices as (

    select * from {{ ref('stg_music_store__invoices') }}

),

hierarchy as (

    {{ org_chart_levels('employees', 'employee_id', 'reports_to') }}

),

customer_revenue as (

    select
        customer_id,
        sum(total) as revenue
    from invoices
    group by 1

),

supported as (

    select
        customers.support_rep_id as employee_id,
        count(*) as customers_supported,
        sum(coalesce(customer_revenue.revenue, 0)) as revenue_supported
    from customers
    left join customer_revenue
        on customers.customer_id = customer_revenue.customer_id
    where customers.support_rep_id is not null
    group by 1

),

final as (

    select
        employees.employee_id,
        employees.reports_to,
        employees.first_name,
        employees.last_name,
        employees.title,
        employees.email,
        employees.phone,
        employees.fax,
        employees.address,
        employees.city,
        employees.state,
        employees.country,
        employees.postal_code,
        cast(hierarchy.hierarchy_level as integer) as hierarchy_level,
        cast(coalesce(supported.customers_supported, 0) as integer) as customers_supported,
        cast(coalesce(supported.revenue_supported, 0) as numeric(10, 2))
            as revenue_supported,
        employees.birth_date,
        employees.hire_date
    from employees
    left join hierarchy
        on employees.employee_id = hierarchy.employee_id
    left join supported
        on employees.employee_id = supported.employee_id

)

select * from final
