{#- Post-hook SQL: record on {{ this }} (as its table comment) the latest loaded_at of
    the given sources in the load manifest, i.e. the landed data this build has
    consumed, and how many files of `counted_source` the manifest held up to that
    moment. A later run that finds fewer such files at or before the watermark knows a
    file it had built from was replaced since. The manifest has one row per file, so
    this reads a few thousand rows, not the raw tables. -#}
{% macro set_loaded_at_watermark(manifest, sources, counted_source) -%}
    do $watermark$
    declare
        mark timestamptz := (
            select max(loaded_at) from {{ manifest }}
            where raw_table in ('{{ sources | join("', '") }}')
        );
    begin
        execute format(
            'comment on table %s is %L',
            '{{ this }}',
            'loaded_at watermark: ' || coalesce(mark::text, '') || '; files: ' || (
                select count(*)
                from {{ manifest }}
                where raw_table = '{{ counted_source }}' and loaded_at <= mark
            )
        );
    end
    $watermark$
{%- endmacro %}
