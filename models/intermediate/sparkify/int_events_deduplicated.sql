{#- One row per distinct valid event (docs: int_events_deduplicated). Incremental: the
    events landed since the last run compete with the copies already kept. -#}
{{
    config(
        materialized=incremental_or_table(),
        incremental_strategy='delete+insert',
        unique_key='event_id',
        on_schema_change='sync_all_columns',
        sql_header=postgres_only("set local work_mem = '256MB';"),
        indexes=[
            {'columns': ['event_id']},
            {'columns': ['load_seq']},
            {'columns': ['user_id', 'event_at']},
            {'columns': ['session_id']},
        ],
    )
}}

with

events as (

    select * from {{ ref('stg_sparkify__events') }}

),

landed_files as (

    select * from {{ ref('stg_sparkify__landed_files') }}

),

new_events as (

    select
        events.event_id,
        events.user_id,
        events.session_id,
        events.item_in_session,
        events.page,
        events.auth,
        events.level,
        events.first_name,
        events.last_name,
        events.gender,
        events.location,
        events.user_agent,
        events.http_method,
        events.song_title,
        events.artist_name,
        events.song_length_seconds,
        events.http_status,
        events.event_epoch_ms,
        events.is_song_play,
        events.registered_at,
        events.event_at,
        events.source_file,
        events.line_number,
        events.loaded_at,
        landed_files.load_seq
    from landed_files
    inner join events
        on landed_files.source_file = events.source_file
    where
        landed_files.raw_table = 'sparkify_events'
        and not events.is_quarantined
    {%- if is_incremental() %}
        {%- set new_files -%}
            select new_files.source_file
            from landed_files as new_files
            where
                new_files.raw_table = 'sparkify_events'
                and new_files.load_seq > {{ incremental_since() }}
        {%- endset %}
        and {{ in_subquery('events.source_file', new_files) }}
    {%- endif %}

),

candidates as (

    select * from new_events
    {%- if is_incremental() %}
    union all
    select kept.*
    from {{ this }} as kept
    where {{ in_subquery('kept.event_id', 'select new_events.event_id from new_events') }}
    {%- endif %}

),

final as (

    {{ keep_first(
        'candidates',
        partition_by=['event_id', 'event_at'],
        order_by=['source_file', 'line_number'],
    ) }}

)

select * from final
