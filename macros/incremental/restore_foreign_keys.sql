{#- Post-hook SQL for an incremental model with an enforced contract: re-create any of
    its column-level foreign keys that are missing. Rebuilding a parent table drops the
    old parent with cascade, and incremental_prepare drops them on purpose before a
    rebuild in place; an incremental run does not re-create the table, so without this
    the keys would be lost. A key is found by what it links (column and parent), whatever its name. Adding
    a key validates every existing row in one anti-join, so a key that is present is
    left alone. Only acts on incremental runs: a (re)created table has its keys. -#}
{% macro restore_foreign_keys() -%}
    {%- set statements = [] -%}
    {%- for key in contract_foreign_keys() if is_incremental() -%}
        {%- do statements.append(
            "if not exists (select 1 from pg_constraint where contype = 'f'"
            ~ " and conrelid = '" ~ this ~ "'::regclass"
            ~ " and confrelid = '" ~ key.parent ~ "'::regclass"
            ~ " and conkey = array[(select attnum from pg_attribute where attrelid = '"
            ~ this ~ "'::regclass and attname = '" ~ key.column ~ "')]) then "
            ~ "alter table " ~ this ~ " add constraint " ~ key.name
            ~ " foreign key (" ~ key.column ~ ") references " ~ key.parent
            ~ " (" ~ key.to_columns | join(', ') ~ "); end if;"
        ) -%}
    {%- endfor -%}
    {%- if statements -%}
    do $restore_fks$
    begin
        {{ statements | join('\n        ') }}
    end
    $restore_fks$
    {%- endif -%}
{%- endmacro %}
