{#- Pre-hook SQL for fct_songplays: on an incremental run, delete plays whose event is
    no longer landed (a replaced log file dropped it), wherever its event time lies.
    New and changed plays are handled by delete+insert on songplay_id. -#}
{% macro songplays_delete_orphans(events) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as songplays
        where not exists (
            select 1
            from {{ events }} as events
            where
                events.event_id = songplays.songplay_id
                and events.is_song_play
        )
    {%- endif -%}
{%- endmacro %}
