{#- Every page the logs name is classified in the sparkify_page_categories seed, so
    fct_sessions counts every event in some category. Returns each unknown page. -#}
{{ config(severity='warn') }}

with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

page_categories as (

    select * from {{ ref('sparkify_page_categories') }}

),

final as (

    select
        events.page,
        count(*) as events
    from events
    left join page_categories
        on events.page = page_categories.page
    where page_categories.page is null
    group by 1

)

select * from final
