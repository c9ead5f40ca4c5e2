{#- One row per identified user. Every attribute, level included, comes from the user's
    latest event by event time (ties: session_id, item_in_session, event_id, highest
    first), not from whichever row happened to load last.
    Incremental (upsert, i.e. INSERT ... ON CONFLICT DO UPDATE: users are referenced by
    foreign keys, so delete+insert would fail): a run re-reads the latest event of the
    users with events landed since the watermark, one index probe per user. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='upsert',
        unique_key='user_id',
        on_schema_change='fail',
        pre_hook="{{ reprocess_incremental_reset() }}",
        post_hook="{{ sparkify_record_watermark() }}",
    )
}}

{%- set batch = sparkify_incremental_batch() %}

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
    {%- if not batch.reprocess_all %}
        and events.loaded_at > '{{ batch.loaded_at }}'::timestamptz
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
