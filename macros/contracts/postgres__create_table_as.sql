{#- Overrides dbt-postgres' create_table_as for tables with an enforced contract: the
    table is created with its types and not-null (and check) constraints, filled, and
    only then given its primary key and foreign keys. Declared inline (dbt's default), the primary key's
    index is maintained row by row and each foreign key is checked by a trigger per
    inserted row; added afterwards, the index is built in one sort and each key is
    validated in one anti-join, several times faster at a million rows. The resulting
    table and constraints are the same. Every other model gets dbt's own macro. -#}
{% macro postgres__create_table_as(temporary, relation, sql) -%}
    {%- set contract = config.get('contract') -%}
    {%- if temporary or not contract.enforced -%}
        {{ return(dbt.postgres__create_table_as(temporary, relation, sql)) }}
    {%- endif -%}
    {%- set columns = {} -%}
    {%- set primary_key = [] -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set without_keys = {} -%}
        {%- do without_keys.update(column) -%}
        {%- do without_keys.update({'constraints': column['constraints']
            | rejectattr('type', 'in', ['foreign_key', 'primary_key']) | list}) -%}
        {%- do columns.update({name: without_keys}) -%}
        {%- if column['constraints'] | selectattr('type', 'equalto', 'primary_key') | list -%}
            {%- do primary_key.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    {{ get_assert_columns_equivalent(sql) }}
    create table {{ relation }} (
        {{ adapter.render_raw_columns_constraints(raw_columns=columns) | join(',\n        ') }}
        {%- for constraint in adapter.render_raw_model_constraints(
            raw_constraints=model['constraints']) %},
        {{ constraint }}
        {%- endfor %}
    );
    insert into {{ relation }} (
        {{ adapter.dispatch('get_column_names', 'dbt')() }}
    )
    (
        {{ get_select_subquery(sql) }}
    );
    {%- if primary_key %}
    alter table {{ relation }} add primary key ({{ primary_key | join(', ') }});
    {%- endif %}
    {%- for key in contract_foreign_keys() %}
    alter table {{ relation }} add constraint {{ key.name }}
        foreign key ({{ key.column }}) references {{ key.parent }}
        ({{ key.to_columns | join(', ') }});
    {%- endfor %}
{%- endmacro %}
