{#- One row per app session, its events counted per category (docs: fct_sessions).
    Incremental: the sessions with events landed since the last run are counted again. -#}
{{
    config(
        materialized=incremental_or_table(),
        incremental_strategy='delete+insert',
        unique_key='user_session_id',
    )
}}

with

{#- Not materialized: the session filter below must reach the table's index. #}
all_events as {{ not_materialized() }} (

    select * from {{ ref('int_events_deduplicated') }}

),

events as (

    select all_events.*
    from all_events
    {%- if is_incremental() %}
    {%- set changed_sessions -%}
        select distinct changed.session_id
        from all_events as changed
        where changed.load_seq > {{ incremental_since() }}
    {%- endset %}
    where {{ in_subquery('all_events.session_id', changed_sessions) }}
    {%- endif %}

),

page_categories as (

    select * from {{ ref('sparkify_page_categories') }}

),

categorized as (

    select
        events.session_id,
        events.user_id,
        events.is_song_play,
        page_categories.event_category,
        events.event_at
    from events
    left join page_categories
        on events.page = page_categories.page

),

final as (

    select
        {{ generate_surrogate_key(['session_id', 'user_id']) }} as user_session_id,
        session_id,
        user_id,
        cast(count(*) as integer) as events,
        cast(count(*) filter (where is_song_play) as integer) as plays,
        {%- for category in ['playback', 'navigation', 'account', 'billing', 'churn'] %}
            cast(count(*) filter (where event_category = '{{ category }}') as integer)
                as {{ category }}_events,
        {%- endfor %}
        cast(
            {{ seconds_between('min(event_at)', 'max(event_at)') }} as numeric(12, 3)
        ) as duration_seconds,
        min(event_at) as started_at,
        max(event_at) as ended_at
    from categorized
    group by session_id, user_id

)

select * from final
