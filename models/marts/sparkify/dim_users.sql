{#- One row per identified user, every attribute from the user's latest event (docs:
    dim_users). Incremental: the users with events landed since the last run are read
    again. Upsert, as songplays' foreign keys point here. -#}
{{
    config(
        materialized=incremental_or_table(),
        incremental_strategy='upsert',
        unique_key='user_id',
    )
}}

with

{#- Not materialized: the probe per user below must reach the table's index. #}
events as {{ not_materialized() }} (

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

{# Each user's latest event, the last by time (ties: the later session, item, id). #}
latest_events as (

    {{ first_row_per_key(
        keys='users',
        rows='events',
        key='user_id',
        columns=['first_name', 'last_name', 'gender', 'level'],
        order_by=[
            'events.event_at desc',
            'events.session_id desc',
            'events.item_in_session desc',
            'events.event_id desc',
        ],
    ) }}

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
