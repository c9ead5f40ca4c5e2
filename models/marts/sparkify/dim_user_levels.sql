{#- SCD type 2 history of each user's level, with validity taken from event times: one
    row per run of consecutive events at the same level. When a user has several events
    at the same instant, the last of them (by session_id, item_in_session, event_id)
    gives the level from that instant on, so ties break the same way every run.
    Incremental (append after a pre-hook delete): for a user with events landed since
    the watermark, first at T, the rows that ended before T cannot change; the pre-hook
    deletes the others, and the run recomputes the user's history from the end of the
    last row kept (a level change, which stays one), reading only those events by index.
    A replaced log file reprocesses everything. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
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

{#- After the pre-hook, every row kept for a changed user ended before the change. -#}
recompute_from as (

    select
        changed_users.user_id,
        max(kept.valid_to) as recompute_from
    from (
        select distinct all_events.user_id
        from all_events
        where
            all_events.loaded_at > '{{ batch.loaded_at }}'::timestamptz
            and all_events.user_id is not null
    ) as changed_users
    left join {{ this }} as kept
        on changed_users.user_id = kept.user_id
    group by 1

),

events as (

    select all_events.*
    from recompute_from
    inner join all_events
        on recompute_from.user_id = all_events.user_id
        and (
            recompute_from.recompute_from is null
            or all_events.event_at >= recompute_from.recompute_from
        )

),
{%- else %}

    events as (

        select * from all_events
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
