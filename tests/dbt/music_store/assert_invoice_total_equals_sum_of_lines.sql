{#- Warns for every invoice whose recorded total differs from the sum of its lines'
    revenue (an invoice with no lines must total 0), naming it. -#}
{{ config(severity='warn', store_failures=true) }}
{%- set mismatched -%}
with

invoices as (

    select * from {{ ref('fct_invoices') }}

),

invoice_lines as (

    select * from {{ ref('fct_invoice_lines') }}

),

line_totals as (

    select
        invoice_id,
        sum(line_revenue) as lines_total
    from invoice_lines
    group by 1

),

final as (

    select
        invoices.invoice_id,
        invoices.total,
        coalesce(line_totals.lines_total, 0) as lines_total
    from invoices
    left join line_totals
        on invoices.invoice_id = line_totals.invoice_id
    where invoices.total <> coalesce(line_totals.lines_total, 0)

)

select * from final
order by 1
{%- endset %}
{{- log_offenders('invoice total differs from its lines', mismatched) }}

{{ mismatched }}
