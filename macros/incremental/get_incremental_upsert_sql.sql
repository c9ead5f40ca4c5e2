{#- Custom incremental strategy `upsert`: insert the new rows and update those whose
    unique_key already exists, with INSERT ... ON CONFLICT DO UPDATE. It changes rows in
    place like MERGE but runs on PostgreSQL 9.5+ (MERGE needs 15), and unlike
    delete+insert it never deletes a row that other tables' foreign keys point at.
    Needs a primary key or unique index on unique_key. -#}
{% macro get_incremental_upsert_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set columns = arg_dict['dest_columns'] | map(attribute='quoted') | list -%}
    insert into {{ target }} ({{ columns | join(', ') }})
    select {{ columns | join(', ') }} from {{ source }}
    on conflict ({{ keys | join(', ') }}) do update set
        {%- for column in columns if column.strip('"') not in keys %}
        {{ column }} = excluded.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}
