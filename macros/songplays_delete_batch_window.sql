{#- Pre-hook SQL for fct_songplays: on an incremental run, delete the rows the batch
    rebuilds (every row in the event-time window of the newly landed events, or all
    rows when everything is reprocessed). Deleting the whole window, not only the keys
    being inserted, also removes plays that a replaced log file no longer holds. -#}
{% macro songplays_delete_batch_window(events, songs) -%}
    {%- if is_incremental() -%}
        {%- set batch = songplays_incremental_batch(events, songs) -%}
        {%- if batch.reprocess_all -%}
            delete from {{ this }}
        {%- elif batch.window_start is not none -%}
            delete from {{ this }}
            where start_time
                between '{{ batch.window_start }}'::timestamp
                and '{{ batch.window_end }}'::timestamp
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
