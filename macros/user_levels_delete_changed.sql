{#- Pre-hook SQL for dim_user_levels on an incremental run that does not reprocess
    everything: for each user with events landed since the watermark, first at T,
    delete the rows that start at or after T. Rows that ended before T are settled, and
    the row running at T is rewritten by the model (delete+insert on its key). -#}
{% macro user_levels_delete_changed(events) -%}
    {%- set batch = sparkify_incremental_batch() -%}
    {%- if is_incremental() and not batch.reprocess_all -%}
        delete from {{ this }} as levels
        using ({{ user_levels_changed_users(events, batch.loaded_at) }}) as changed
        where
            levels.user_id = changed.user_id
            and levels.valid_from >= changed.first_changed_at
    {%- endif -%}
{%- endmacro %}

{#- SQL: each user with events landed after `loaded_at`, and the earliest event time among
    them (first_changed_at). Shared by the pre-hook above and the model's own run. -#}
{% macro user_levels_changed_users(events, loaded_at) -%}
    select
        changed_events.user_id,
        min(changed_events.event_at) as first_changed_at
    from {{ events }} as changed_events
    where
        changed_events.loaded_at > '{{ loaded_at }}'::timestamptz
        and changed_events.user_id is not null
    group by 1
{%- endmacro %}
