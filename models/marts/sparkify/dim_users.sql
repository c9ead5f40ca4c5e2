{#- One row per identified user. Every attribute, level included, comes from the user's
    latest event by event time (ties: session_id, item_in_session, event_id, highest
    first), not from whichever row happened to load last. -#}
with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

latest_events as (

    select distinct on (events.user_id)
        events.user_id,
        events.first_name,
        events.last_name,
        events.gender,
        events.level
    from events
    where events.user_id is not null
    order by
        events.user_id,
        events.event_at desc,
        events.session_id desc,
        events.item_in_session desc,
        events.event_id desc

),

final as (

    select
        latest_events.user_id,
        latest_events.first_name,
        latest_events.last_name,
        latest_events.gender,
        latest_events.level
    from latest_events

)

select * from final
