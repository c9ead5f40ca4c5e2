{#- What an incremental run of a Sparkify model must do, read from the watermark it
    recorded (set_loaded_at_watermark) and the load manifest:
    - reprocess_all: true when there is no watermark, when a log file it had built from
      was replaced since (fewer log files at or before the watermark than it recorded:
      rows may have vanished), or, with songs_matter, when any song file landed since
      (a new or changed song can match old plays);
    - loaded_at: the watermark; rows landed after it are the new ones. -#}
{% macro sparkify_incremental_batch(songs_matter=false) -%}
    {#- Referenced before any early return, so dbt records the dependency at parse time. -#}
    {%- set manifest = ref('stg_sparkify__landed_files') -%}
    {%- set mark = get_loaded_at_watermark(this) if is_incremental() else none -%}
    {%- if not execute or mark is none -%}
        {{ return({'reprocess_all': true, 'loaded_at': none}) }}
    {%- endif -%}
    {%- set query -%}
        select
            count(*) filter (
                where raw_table = 'sparkify_events'
                and loaded_at <= '{{ mark.loaded_at }}'::timestamptz
            ) < {{ mark.files }}
            {%- if songs_matter %}
            or bool_or(
                raw_table = 'sparkify_songs'
                and loaded_at > '{{ mark.loaded_at }}'::timestamptz
            )
            {%- endif %} as reprocess_all
        from {{ manifest }}
        where raw_table in ('sparkify_events', 'sparkify_songs')
    {%- endset -%}
    {%- set reprocess_all = run_query(query).columns[0].values()[0] -%}
    {{ return({'reprocess_all': reprocess_all or false, 'loaded_at': mark.loaded_at}) }}
{%- endmacro %}
