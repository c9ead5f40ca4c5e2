{#- One row per identified user, every attribute from the user's latest event (docs:
    dim_users). Incremental: the users with events landed since the last run are read
    again. Upsert, as songplays' foreign keys point here. -#}
{{ config(materialized='incremental', incremental_strategy='upsert', unique_key='user_id') }}

with

{#- Not materialized: the lateral probe below must reach the table's index. #}
events as not materialized (

    select * from {{ ref('int_events_deduplicated') }}

),

users as (

    select distinct events.user_id
    from events
    where
        events.user_id is not null
    {%- if is_incremental() %}
        and events.load_seq > {{ incremental_since() }}
        {%- endif %}

),

latest_events as (

    select
        users.user_id,
        latest.first_name,
        latest.last_name,
        latest.gender,
        latest.level
    from users
    cross join lateral (
        select
            events.first_name,
            events.last_name,
            events.gender,
            events.level
        from events
        where events.user_id = users.user_id
        order by
            events.event_at desc,
            events.session_id desc,
            events.item_in_session desc,
            events.event_id desc
        limit 1
    ) as latest

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
