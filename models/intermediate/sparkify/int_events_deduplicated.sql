{#- One row per distinct event. The same event (same session, item, ts and user) can be
    landed from two files: keep the copy from the lowest source_file, then line_number.
    That rule does not depend on load order, so incremental runs and a full refresh pick
    the same copy. event_at is part of the distinct key (it is fixed by event_id) so
    that a filter on event_at is pushed below the deduplication.
    Incremental: only rows landed after the watermark are parsed; each competes with
    the copy already kept for the same event_id (delete+insert on event_id). A replaced
    log file can take away a kept copy, so it makes the run reprocess everything. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='fail',
        sql_header="set local work_mem = '256MB';",
        indexes=[
            {'columns': ['event_id']},
            {'columns': ['loaded_at']},
            {'columns': ['user_id', 'event_at']},
            {'columns': ['session_id']},
        ],
        pre_hook="{{ reprocess_incremental_reset() }}",
        post_hook=[
            "{{ analyze_when_rebuilt() }}",
            "{{ sparkify_record_watermark() }}",
        ],
    )
}}

{%- set batch = sparkify_incremental_batch() %}

with

events as (

    select * from {{ ref('stg_sparkify__events') }}
    {%- if not batch.reprocess_all %}
    where loaded_at > '{{ batch.loaded_at }}'::timestamptz
    {%- endif %}

),

{%- if not batch.reprocess_all %}

kept_copies as (

    select * from {{ this }}
    where event_id = any(array(select events.event_id from events))

),

candidates as (

    select * from events
    union all
    select * from kept_copies

),
{%- else %}

    candidates as (

        select * from events

    ),
{%- endif %}

final as (

    select distinct on (candidates.event_id, candidates.event_at) candidates.*
    from candidates
    order by
        candidates.event_id,
        candidates.event_at,
        candidates.source_file,
        candidates.line_number

)

select * from final
