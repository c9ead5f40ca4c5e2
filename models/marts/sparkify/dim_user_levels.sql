{#- SCD type 2 history of each user's level, with validity taken from event times: one
    row per run of consecutive events at the same level. When a user has several events
    at the same instant, the last of them (by session_id, item_in_session, event_id)
    gives the level from that instant on, so ties break the same way every run.
    Incremental (delete+insert on user_level_id, after a pre-hook delete): for a user
    with events landed since the watermark, first at T, rows that ended before T cannot
    change. The row running at T (started before T) is read back as a seed, its level
    from its start; rows that started at T or later are deleted by the pre-hook. The
    run then reads only the user's events from T on, by index, and rewrites the seed's
    row under the same key. A replaced log file reprocesses everything. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='user_level_id',
        on_schema_change='fail',
        pre_hook=[
            "{{ reprocess_incremental_reset() }}",
            "{{ user_levels_delete_changed(ref('int_events_deduplicated')) }}",
        ],
        post_hook=[
            "{{ restore_foreign_keys() }}",
            "{{ sparkify_record_watermark() }}",
        ],
    )
}}

{%- set batch = sparkify_incremental_batch() %}

with

all_events as not materialized (

    select * from {{ ref('int_events_deduplicated') }}

),

{%- if not batch.reprocess_all %}

changed_users as (

    {{ user_levels_changed_users(ref('int_events_deduplicated'), batch.loaded_at) }}

),

{#- The row each changed user was in at T: its level held from its start until T. -#}
seeds as (

    select
        kept.user_id,
        kept.level,
        kept.valid_from as event_at
    from {{ this }} as kept
    inner join changed_users
        on kept.user_id = changed_users.user_id
    where
        kept.valid_from < changed_users.first_changed_at
        and (kept.valid_to is null or kept.valid_to >= changed_users.first_changed_at)

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
        on changed_users.user_id = all_events.user_id
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

user_instants as (

    select distinct on (events.user_id, events.event_at)
        events.user_id,
        events.level,
        events.event_at
    from events
    order by
        events.user_id asc,
        events.event_at asc,
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

)

select * from final
