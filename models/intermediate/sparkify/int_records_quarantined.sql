{#- Every landed Sparkify record that the models leave out because a field has the
    wrong type, is out of range or is missing (rules: stg_sparkify__events and
    stg_sparkify__songs). It stays in raw; fix the file and land it again, and it is
    picked up. A warning test names each one. -#}
{{ config(materialized='view') }}

with

events as (

    select * from {{ ref('stg_sparkify__events') }}

),

songs as (

    select * from {{ ref('stg_sparkify__songs') }}

),

final as (

    select
        'sparkify_events' as raw_table,
        events.source_file,
        events.line_number,
        events.quarantine_reason,
        events.loaded_at
    from events
    where events.is_quarantined

    union all

    select
        'sparkify_songs' as raw_table,
        songs.source_file,
        songs.line_number,
        songs.quarantine_reason,
        songs.loaded_at
    from songs
    where songs.is_quarantined

)

select * from final
