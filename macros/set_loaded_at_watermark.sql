{#- Post-hook SQL: record on {{ this }} (as its table comment) the latest loaded_at of
    the given relations, i.e. the landed data this build has consumed. -#}
{% macro set_loaded_at_watermark(relations) -%}
    do $watermark$
    begin
        execute format(
            'comment on table %s is %L',
            '{{ this }}',
            'loaded_at watermark: ' || coalesce((
                select max(loaded_at)::text
                from (
                    {%- for relation in relations %}
                    select max(loaded_at) as loaded_at from {{ relation }}
                    {%- if not loop.last %} union all{% endif %}
                    {%- endfor %}
                ) as latest
            ), '')
        );
    end
    $watermark$
{%- endmacro %}
