{#- A user's level history from event times: one row per run of consecutive events at
    the same level. When a user has several events at the same instant, the last of
    them (by session_id, item_in_session, event_id) gives the level from that instant
    on, so ties break the same way every run. -#}
with

events as (

    select * from {{ ref('int_events_deduplicated') }}

),

user_instants as (

    select distinct on (events.user_id, events.event_at)
        events.user_id,
        events.level,
        events.event_at
    from events
    where events.user_id is not null
    order by
        events.user_id,
        events.event_at,
        events.session_id desc,
        events.item_in_session desc,
        events.event_id desc

),

user_events as (

    select
        user_instants.user_id,
        user_instants.level,
        user_instants.event_at,
        lag(user_instants.level) over (
            partition by user_instants.user_id
            order by user_instants.event_at
        ) as previous_level
    from user_instants

),

level_changes as (

    select
        user_events.user_id,
        user_events.level,
        user_events.event_at as valid_from
    from user_events
    where user_events.previous_level is distinct from user_events.level

),

final as (

    select
        {{ generate_surrogate_key(['level_changes.user_id', 'level_changes.valid_from']) }}
            as user_level_id,
        level_changes.user_id,
        level_changes.level,
        level_changes.valid_from,
        lead(level_changes.valid_from) over (
            partition by level_changes.user_id
            order by level_changes.valid_from
        ) as valid_to
    from level_changes

)

select * from final
