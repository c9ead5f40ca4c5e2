{#- One row per day from `start` to `end` (dates as 'YYYY-MM-DD'), as `date_day`. -#}
{% macro day_series(start, end) -%}
    {{ return(adapter.dispatch('day_series')(start, end)) }}
{%- endmacro %}

{% macro postgres__day_series(start, end) -%}
    select cast(day_start as date) as date_day
    from generate_series(
        cast('{{ start }}' as timestamp), cast('{{ end }}' as timestamp), interval '1 day'
    ) as day_start
{%- endmacro %}

{% macro spark__day_series(start, end) -%}
    select explode(sequence(date'{{ start }}', date'{{ end }}', interval 1 day)) as date_day
{%- endmacro %}
