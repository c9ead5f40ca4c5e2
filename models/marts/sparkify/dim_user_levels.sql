{#- SCD type 2 history of each user's level, validity from event times (docs:
    dim_user_levels). Incremental: each user with events landed since the last run,
    first at T, is rewritten whole: the rows that ended before T are kept as they are,
    and the rest is recomputed from the row running at T and the events from T on. -#}
{{
    config(
        materialized=incremental_or_table(),
        incremental_strategy='delete+insert',
        unique_key='user_id',
    )
}}

with

all_events as {{ not_materialized() }} (

    select * from {{ ref('int_events_deduplicated') }}

),

{%- if is_incremental() %}

kept_levels as (

    select * from {{ this }}

),

changed_users as (

    select
        all_events.user_id,
        min(all_events.event_at) as first_changed_at
    from all_events
    where
        all_events.load_seq > {{ incremental_since() }}
        and all_events.user_id is not null
    group by 1

),

{#- Rows that ended before T cannot change. #}
settled_levels as (

    select kept_levels.*
    from kept_levels
    inner join changed_users
        on kept_levels.user_id = changed_users.user_id
    where kept_levels.valid_to < changed_users.first_changed_at

),

{#- The row each changed user was in at T: its level held from its start until T. #}
seeds as (

    select
        kept_levels.user_id,
        kept_levels.level,
        kept_levels.valid_from as event_at
    from kept_levels
    inner join changed_users
        on kept_levels.user_id = changed_users.user_id
    where
        kept_levels.valid_from < changed_users.first_changed_at
        and (
            kept_levels.valid_to is null
            or kept_levels.valid_to >= changed_users.first_changed_at
        )

),

events as (

    select
        all_events.user_id,
        all_events.level,
        all_events.event_at,
        all_events.session_id,
        all_events.item_in_session,
        all_events.event_id
    from changed_users
    inner join all_events
        on
            changed_users.user_id = all_events.user_id
            and all_events.event_at >= changed_users.first_changed_at

    union all

    select
        seeds.user_id,
        seeds.level,
        seeds.event_at,
        null as session_id,
        null as item_in_session,
        null as event_id
    from seeds

),
{%- else %}

    events as (

        select
            user_id,
            level,
            event_at,
            session_id,
            item_in_session,
            event_id
        from all_events
        where user_id is not null

    ),
{%- endif %}

{# At one instant, the level of the last event (a seed, with no ids, sorts first). #}
user_instants as (

    {{ keep_first('events', partition_by=['user_id', 'event_at'], order_by=[
        'session_id desc nulls first',
        'item_in_session desc nulls first',
        'event_id desc nulls first',
    ]) }}

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

user_levels as (

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

),

final as (

    select
        user_levels.user_level_id,
        user_levels.user_id,
        user_levels.level,
        user_levels.valid_to is null as is_current,
        user_levels.valid_from,
        user_levels.valid_to
    from user_levels
    {%- if is_incremental() %}
    union all
    select
        settled_levels.user_level_id,
        settled_levels.user_id,
        settled_levels.level,
        settled_levels.is_current,
        settled_levels.valid_from,
        settled_levels.valid_to
    from settled_levels
    {%- endif %}

)

select * from final
