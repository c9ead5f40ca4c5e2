{#- For a warning test: print up to `limit` of the rows `query` returns, one line each,
    so the run's output names what the warning is about. Only while tests run. -#}
{% macro log_offenders(title, query, limit=10) -%}
    {%- if execute and flags.WHICH in ('build', 'test') -%}
        {%- set found = run_query(query ~ '\nlimit ' ~ (limit + 1)) -%}
        {%- for row in found.rows[:limit] -%}
            {%- do log(title ~ ': ' ~ (row.values() | join(' | ')), info=true) -%}
        {%- endfor -%}
        {%- if found.rows | length > limit -%}
            {%- do log(title ~ ': ... and more (see the stored failures)', info=true) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
