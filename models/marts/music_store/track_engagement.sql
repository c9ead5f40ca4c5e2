{#- Listening joined to sales, one row per catalogue track: how often it was played and
    by how many customers, and how often it was bought and for how much. Tracks with no
    listens or no sales show zeros. -#}
with

tracks as (

    select * from {{ ref('dim_tracks') }}

),

listens as (

    select * from {{ ref('fct_listens') }}

),

invoice_lines as (

    select * from {{ ref('fct_invoice_lines') }}

),

listening as (

    select
        track_id,
        count(*) as listens,
        count(distinct customer_id) as unique_listeners
    from listens
    group by 1

),

sales as (

    select
        track_id,
        sum(quantity) as purchases,
        sum(line_revenue) as revenue
    from invoice_lines
    group by 1

),

final as (

    select
        tracks.track_id,
        cast(coalesce(listening.listens, 0) as integer) as listens,
        cast(coalesce(listening.unique_listeners, 0) as integer) as unique_listeners,
        cast(coalesce(sales.purchases, 0) as integer) as purchases,
        cast(coalesce(sales.revenue, 0) as numeric(10, 2)) as revenue
    from tracks
    left join listening
        on tracks.track_id = listening.track_id
    left join sales
        on tracks.track_id = sales.track_id

)

select * from final
