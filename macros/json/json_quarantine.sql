{#- The quarantine rules of a staging model that reads fields with json_fields: which
    keys must be there, and which must fit their type. One check per key: `missing` (a
    required key is absent or JSON null) and `unusable` (present, but read as null: the
    wrong type or out of range). `unusable_when` adds a condition to a key's `unusable`. -#}
{% macro json_field_checks(keys, required, unusable_when={}, alias='fields') -%}
    {%- set checks = [] -%}
    {%- for key in keys -%}
        {%- set present = alias ~ '.' ~ key ~ '__present' -%}
        {%- do checks.append({
            'key': key,
            'missing': 'not ' ~ present if key in required else 'false',
            'unusable': present ~ ' and ' ~ alias ~ '.' ~ key ~ ' is null'
                ~ unusable_when.get(key, ''),
        }) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}

{#- True when any check fails, or any `extra` condition ({'condition', 'reason'}) holds;
    a condition that is null (on a null field) counts as failing. -#}
{% macro json_quarantined(checks, extra=[]) -%}
    coalesce(
        {%- for check in checks %}
        {{ check.missing }} or ({{ check.unusable }}) or
        {%- endfor %}
        {%- for rule in extra %}
        ({{ rule.condition }}) or
        {%- endfor %}
        false,
        true
    )
{%- endmacro %}

{#- Why a record is quarantined, each failing rule spelt out with what the field held;
    null for a record that is not. `expected` names each key's type for the message. -#}
{% macro json_quarantine_reason(payload, checks, expected, extra=[]) -%}
    {%- set reasons = [] -%}
    {%- for check in checks -%}
        {%- do reasons.append(
            "case when " ~ check.missing ~ " then '" ~ check.key ~ ": missing'"
            ~ " when " ~ check.unusable ~ " then '" ~ check.key ~ ": expected "
            ~ expected.get(check.key, 'a string') ~ ", found ' || "
            ~ json_found(payload, check.key) ~ " end"
        ) -%}
    {%- endfor -%}
    {%- for rule in extra -%}
        {%- do reasons.append("case when " ~ rule.condition ~ " then " ~ rule.reason ~ " end") -%}
    {%- endfor -%}
    case
        when {{ json_quarantined(checks, extra) }}
            then concat_ws(
                '; ',
                {{ reasons | join(',\n                ') }}
            )
    end
{%- endmacro %}
