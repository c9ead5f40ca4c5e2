{#- A FROM-clause fragment that reads fields of a JSON object column once per row, typed,
    as `<alias>.<key>`, plus `<alias>.<key>__present` (the field is there and not JSON
    null). The names are the key in lower case (`fields.userid`), so a model writes them
    unquoted on every engine. No value can make it fail: one of the wrong type or out of range reads as null,
    so `__present and <key> is null` means "present but unusable".

    `fields` maps each key to its type: 'text' (a string; any other scalar as its JSON
    spelling), 'integer', 'bigint', 'numeric' (JSON numbers, integers without a fraction),
    or 'id' (a whole number, or a string of up to 9 digits); or to a dict with `type`,
    `minimum` and `maximum`. -#}
{% macro json_fields(payload, fields, alias='fields') -%}
    {{ return(adapter.dispatch('json_fields')(payload, fields, alias)) }}
{%- endmacro %}

{#- PostgreSQL: a lateral subquery, kept whole by `offset 0` (the planner does not
    flatten a subquery with an offset), so each field is looked up once however often the
    model uses it, and the model's filters still reach the table's scan. -#}
{% macro postgres__json_fields(payload, fields, alias) -%}
    cross join lateral (
        select
        {%- for key, spec in fields.items() %}
            {%- set spec = spec if spec is mapping else {'type': spec} %}
            {%- set value = 'json_raw.' ~ adapter.quote(key) %}
            {{ postgres_json_typed(value, spec) }} as {{ key | lower }},
            {%- if spec.type == 'text' %}
            {{ value }} is not null as {{ key | lower }}__present
            {%- else %}
            coalesce(jsonb_typeof({{ value }}), 'null') <> 'null' as {{ key | lower }}__present
            {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
        from (
            select
            {%- for key, spec in fields.items() %}
                {%- set spec = spec if spec is mapping else {'type': spec} %}
                {{ payload }} {{ '->>' if spec.type == 'text' else '->' }} '{{ key }}'
                    as {{ adapter.quote(key) }}{{ ',' if not loop.last }}
            {%- endfor %}
            limit null offset 0
        ) as json_raw
        limit null offset 0
    ) as {{ alias }}
{%- endmacro %}

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

{#- One jsonb value as the spec's type, or null. -#}
{% macro postgres_json_typed(value, spec) -%}
    {%- set number = value ~ '::numeric' -%}
    {%- if spec.type == 'text' -%}
        {{ value }}
    {%- elif spec.type == 'id' -%}
        case jsonb_typeof({{ value }})
            when 'number' then {{ postgres_json_typed(value, {'type': 'integer'}) }}
            when 'string' then case when ({{ value }} #>> '{}') ~ '^[0-9]{1,9}$'
                then ({{ value }} #>> '{}')::integer end
        end
    {%- else -%}
        {%- set minimum, maximum = json_bounds(spec) -%}
        {#- Nested CASE: the casts run only on a JSON number. #}
        case when jsonb_typeof({{ value }}) = 'number' then
            case when true
            {%- if minimum is not none %}
                and {{ number }} between {{ minimum }} and {{ maximum }}
            {%- endif %}
            {%- if spec.type != 'numeric' %}
                and {{ number }} = trunc({{ number }})
            {%- endif %}
                then {{ number }}::{{ spec.type }} end
        end
    {%- endif -%}
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

{#- The range a spec's value must fall in: its own minimum and maximum, or its type's. -#}
{% macro json_bounds(spec) -%}
    {%- set by_type = {
        'integer': [-2147483648, 2147483647],
        'bigint': [-9223372036854775808, 9223372036854775807],
    } -%}
    {%- set bounds = by_type.get(spec.type) or [none, none] -%}
    {{ return([spec.get('minimum', bounds[0]), spec.get('maximum', bounds[1])]) }}
{%- endmacro %}
