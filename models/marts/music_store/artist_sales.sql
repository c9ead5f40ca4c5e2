{#- Sales per artist, crediting each track to its album's artist as Chinook does. -#}
with

invoice_lines as (

    select * from {{ ref('fct_invoice_lines') }}

),

tracks as (

    select * from {{ ref('dim_tracks') }}

),

final as (

    select
        tracks.artist_id,
        tracks.artist_name,
        cast(sum(invoice_lines.quantity) as integer) as tracks_sold,
        cast(sum(invoice_lines.line_revenue) as numeric(10, 2)) as revenue
    from invoice_lines
    inner join tracks
        on invoice_lines.track_id = tracks.track_id
    where tracks.artist_id is not null
    group by 1, 2

)

select * from final
