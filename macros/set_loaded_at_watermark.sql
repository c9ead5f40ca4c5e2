{#- Post-hook SQL: record on {{ this }} (as its table comment) the latest loaded_at of
    the given relations, i.e. the landed data this build has consumed, and how many
    files of `manifest_source` the load manifest held up to that moment. A later run
    that finds fewer such files at or before the watermark knows a file it had built
    from was replaced since. -#}
{% macro set_loaded_at_watermark(relations, manifest, manifest_source) -%}
    do $watermark$
    declare
        mark timestamptz := (
            select max(loaded_at)
            from (
                {%- for relation in relations %}
                select max(loaded_at) as loaded_at from {{ relation }}
                {%- if not loop.last %} union all{% endif %}
                {%- endfor %}
            ) as latest
        );
    begin
        execute format(
            'comment on table %s is %L',
            '{{ this }}',
            'loaded_at watermark: ' || coalesce(mark::text, '') || '; files: ' || (
                select count(*)
                from {{ manifest }}
                where source = '{{ manifest_source }}' and loaded_at <= mark
            )
        );
    end
    $watermark$
{%- endmacro %}
