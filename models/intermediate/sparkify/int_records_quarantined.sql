{#- Every landed Sparkify record that the models leave out because a field has the
    wrong type, is out of range or is missing (rules: stg_sparkify__events and
    stg_sparkify__songs). The record stays in raw: correct the file and land it again.
    A warning test names each one. Incremental, as finding them means typing every
    record: a run reads only the new landings. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['raw_table', 'source_file', 'line_number'],
    )
}}

with

events as (

    select * from {{ ref('stg_sparkify__events') }}

),

songs as (

    select * from {{ ref('stg_sparkify__songs') }}

),

landed_files as (

    select * from {{ ref('stg_sparkify__landed_files') }}

),

-- In an incremental run, only the files landed since: a condition on each raw
-- table's own key, so its index finds their rows.
new_files as (

    select landed_files.source_file
    from landed_files
    {%- if is_incremental() %}
    where landed_files.load_seq > {{ incremental_since() }}
    {%- endif %}

),

records as (

    select
        'sparkify_events' as raw_table,
        events.source_file,
        events.line_number,
        events.quarantine_reason,
        events.loaded_at
    from events
    where
        events.is_quarantined
        and events.source_file = any(array(select new_files.source_file from new_files))

    union all

    select
        'sparkify_songs' as raw_table,
        songs.source_file,
        songs.line_number,
        songs.quarantine_reason,
        songs.loaded_at
    from songs
    where
        songs.is_quarantined
        and songs.source_file = any(array(select new_files.source_file from new_files))

),

final as (

    select * from records

)

select * from final
