{#- The column-level foreign keys of the current model's enforced contract, as a list of
    dicts: column, name (`<alias>_<column>_fkey`), parent (a relation) and to_columns. -#}
{% macro contract_foreign_keys() -%}
    {%- set keys = [] -%}
    {%- for column in model.columns.values() -%}
        {%- for constraint in column.constraints
            if constraint.type == 'foreign_key' and constraint.to -%}
            {%- set parent = constraint.to -%}
            {%- if parent.startswith('ref(') -%}
                {%- set parent = ref(parent.split(parent[4])[1]) -%}
            {%- endif -%}
            {%- do keys.append({
                'column': column.name,
                'name': this.identifier ~ '_' ~ column.name ~ '_fkey',
                'parent': parent,
                'to_columns': constraint.to_columns,
            }) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(keys) }}
{%- endmacro %}
