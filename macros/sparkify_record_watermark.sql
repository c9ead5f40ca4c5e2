{#- Post-hook SQL for every Sparkify incremental model: set_loaded_at_watermark over the
    two Sparkify sources in the load manifest, counting log files. -#}
{% macro sparkify_record_watermark() -%}
    {{ set_loaded_at_watermark(
        ref('stg_sparkify__landed_files'),
        ['sparkify_events', 'sparkify_songs'],
        'sparkify_events',
    ) }}
{%- endmacro %}
