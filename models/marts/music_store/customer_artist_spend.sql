{#- What each customer spent on each artist's tracks (album artist). -#}
with

invoice_lines as (

    select * from {{ ref('fct_invoice_lines') }}

),

tracks as (

    select * from {{ ref('dim_tracks') }}

),

final as (

    select
        invoice_lines.customer_id,
        tracks.artist_id,
        tracks.artist_name,
        cast(sum(invoice_lines.line_revenue) as numeric(10, 2)) as amount_spent
    from invoice_lines
    inner join tracks
        on invoice_lines.track_id = tracks.track_id
    where tracks.artist_id is not null
    group by 1, 2, 3

)

select * from final
