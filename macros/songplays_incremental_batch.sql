{#- What an incremental run of fct_songplays must rebuild, from the rows landed after
    its recorded loaded_at watermark:
    - reprocess_all: true when there is no watermark, or when song files changed
      (a new song can match old plays), so every play is rebuilt;
    - window_start / window_end: the event-time span of the newly landed events (old
      event times included, so late arrivals are caught); none when nothing is new. -#}
{% macro songplays_incremental_batch(events, songs) -%}
    {%- set watermark = get_loaded_at_watermark(this) -%}
    {%- if not execute or watermark is none -%}
        {{ return({'reprocess_all': true, 'window_start': none, 'window_end': none}) }}
    {%- endif -%}
    {%- set query -%}
        select
            exists (
                select 1 from {{ songs }}
                where loaded_at > '{{ watermark }}'::timestamptz
            ) as songs_changed,
            min(event_at)::text as window_start,
            max(event_at)::text as window_end
        from {{ events }}
        where loaded_at > '{{ watermark }}'::timestamptz
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {{ return({
        'reprocess_all': row['songs_changed'],
        'window_start': row['window_start'],
        'window_end': row['window_end'],
    }) }}
{%- endmacro %}
