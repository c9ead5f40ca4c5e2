{#- Post-hook SQL for an incremental model with an enforced contract: re-create any of
    its column-level foreign keys that are missing. Rebuilding a parent table drops the
    old parent with cascade, which drops the child's foreign key; an incremental run
    does not re-create the table, so without this the keys would be lost. Adding a key
    validates every existing row. Only acts on incremental runs: a (re)created table
    already has its keys from the contract. -#}
{% macro restore_foreign_keys() -%}
    {%- set statements = [] -%}
    {%- for column in model.columns.values() if is_incremental() -%}
        {%- for constraint in column.constraints
            if constraint.type == 'foreign_key' and constraint.to -%}
            {%- set parent = constraint.to -%}
            {%- if parent.startswith('ref(') -%}
                {%- set parent = ref(parent.split(parent[4])[1]) -%}
            {%- endif -%}
            {%- set name = this.identifier ~ '_' ~ column.name ~ '_fkey' -%}
            {%- do statements.append(
                "if not exists (select 1 from pg_constraint where conname = '"
                ~ name ~ "' and conrelid = '" ~ this ~ "'::regclass) then "
                ~ "alter table " ~ this ~ " add constraint " ~ name
                ~ " foreign key (" ~ column.name ~ ") references " ~ parent
                ~ " (" ~ constraint.to_columns | join(', ') ~ "); end if;"
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if statements -%}
    do $restore_fks$
    begin
        {{ statements | join('\n        ') }}
    end
    $restore_fks$
    {%- endif -%}
{%- endmacro %}
