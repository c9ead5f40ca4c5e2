{#- One row per distinct event. The same event (same session, item, ts and user) can be
    landed from two files: keep the copy from the lowest source_file, then line_number.
    That rule does not depend on load order, so incremental runs and a full refresh pick
    the same copy. event_at is part of the distinct key (it is fixed by event_id) so
    that a filter on event_at is pushed below the deduplication. -#}
{{ config(materialized="table") }}

with

events as (

    select * from {{ ref('stg_sparkify__events') }}

),

final as (

    select distinct on (events.event_id, events.event_at)
        events.*
    from events
    order by
        events.event_id,
        events.event_at,
        events.source_file,
        events.line_number

)

select * from final
