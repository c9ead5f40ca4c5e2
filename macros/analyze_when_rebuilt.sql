{#- Post-hook SQL for a Sparkify incremental model that later models read heavily: ANALYZE
    it when this run (re)built it whole, so the next models in the same run are planned
    on fresh statistics. A run that adds a day's rows leaves the statistics to
    autovacuum: analyzing a million rows would cost more than those rows take to add.
    Must come before sparkify_record_watermark, which would hide that it reprocessed. -#}
{% macro analyze_when_rebuilt() -%}
    {%- if not is_incremental() or sparkify_incremental_batch().reprocess_all -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
