{#- Every landed Sparkify record that the models leave out because a field has the
    wrong type, is out of range or is missing (rules: stg_sparkify__events and
    stg_sparkify__songs). The record stays in raw: correct the file and land it again.
    A warning test names each one. Incremental on PostgreSQL, as finding them means
    typing every record there: a run reads only the new landings. -#}
{#- The files landed since the last run: a condition on each raw table's own key, so
    its index finds their rows. #}
{%- set new_files -%}
    select landed_files.source_file
    from {{ ref('stg_sparkify__landed_files') }} as landed_files
    where landed_files.load_seq > {{ incremental_since() if is_incremental() else 0 }}
{%- endset -%}
{{
    config(
        materialized=('view' if target.type == 'spark' else 'incremental'),
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
    {%- if is_incremental() %}
        and {{ in_subquery('events.source_file', new_files) }}
    {%- endif %}

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
    {%- if is_incremental() %}
        and {{ in_subquery('songs.source_file', new_files) }}
    {%- endif %}

),

final as (

    select * from records

)

select * from final
