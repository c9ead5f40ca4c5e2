{#- Spark: json_tuple parses each record once and gives every field's JSON spelling (a
    string without its quotes; the last of duplicate keys, as PostgreSQL's jsonb keeps),
    and a value is typed by what that text looks like. So, unlike on PostgreSQL, a number
    sent as a JSON string ("42") reads as the number (docs/spark.md). -#}
{% macro spark__json_fields(payload, fields, alias) -%}
    {%- set text = alias ~ '_text' -%}
    cross join lateral json_tuple(
        {{ payload }},
        {%- for key in fields %}
        '{{ key }}'{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ text }} ({{ fields.keys() | map('lower') | join(', ') }})
    cross join lateral (
        select
        {%- for key, spec in fields.items() %}
            {%- set spec = spec if spec is mapping else {'type': spec} %}
            {%- set value = text ~ '.' ~ (key | lower) %}
            {{ spark_json_typed(value, spec) }} as {{ key | lower }},
            {{ value }} is not null as {{ key | lower }}__present{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ alias }}
{%- endmacro %}

{#- One field's text as the spec's type, or null; the same rules as postgres_json_typed:
    a JSON number, whole for integer types, within the bounds. -#}
{% macro spark_json_typed(value, spec) -%}
    {%- set number = 'cast(' ~ value ~ ' as double)' -%}
    {%- if spec.type == 'text' -%}
        {{ value }}
    {%- elif spec.type == 'id' -%}
        case
            when {{ value }} rlike '^[0-9]{1,9}$' then cast({{ value }} as int)
            else {{ spark_json_typed(value, {'type': 'integer'}) }}
        end
    {%- else -%}
        {%- set minimum, maximum = json_bounds(spec) -%}
        {%- set kind = {'integer': 'int', 'bigint': 'bigint', 'numeric': 'decimal(38,10)'}[spec.type] -%}
        case
            when {{ value }} rlike '^-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][-+]?[0-9]+)?$'
            {%- if minimum is not none %}
                and {{ number }} between {{ minimum }} and {{ maximum }}
            {%- endif %}
            {%- if spec.type != 'numeric' %}
                and {{ number }} = floor({{ number }})
            {%- endif %}
                then cast({{ 'cast(' ~ value ~ ' as decimal(38,10))' if spec.type != 'numeric' else value }} as {{ kind }})
        end
    {%- endif -%}
{%- endmacro %}

{#- The field's JSON spelling as PostgreSQL shows it (a string in its quotes), read from
    the record's text; get_json_object's unquoted value when the pattern misses. -#}
{% macro spark__json_found(payload, key) -%}
    left(coalesce(
        nullif(regexp_extract(
            {{ payload }},
            '"{{ key }}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?[0-9][-+.eE0-9]*|true|false|null)',
            1
        ), ''),
        get_json_object({{ payload }}, '$.{{ key }}')
    ), 60)
{%- endmacro %}
