{#- Overrides dbt-postgres' create_table_as for models configured with
    `foreign_keys_after_insert: true` and an enforced contract: the table is created
    with its types, primary key and not-null constraints, filled, and only then given
    its foreign keys. Declared inline (dbt's default), a foreign key is checked row by
    row by a trigger while the rows are inserted; added afterwards, PostgreSQL validates
    all rows in one anti-join, which is several times faster at a million rows. The
    resulting table and constraints are the same. Every other model gets dbt's own
    macro. -#}
{% macro postgres__create_table_as(temporary, relation, sql) -%}
    {%- set contract = config.get('contract') -%}
    {%- if temporary or not contract.enforced
        or not config.get('foreign_keys_after_insert', false) -%}
        {{ return(dbt.postgres__create_table_as(temporary, relation, sql)) }}
    {%- endif -%}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set without_keys = {} -%}
        {%- do without_keys.update(column) -%}
        {%- do without_keys.update({'constraints': column['constraints']
            | rejectattr('type', 'equalto', 'foreign_key') | list}) -%}
        {%- do columns.update({name: without_keys}) -%}
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
    {%- for key in contract_foreign_keys() %}
    alter table {{ relation }} add constraint {{ key.name }}
        foreign key ({{ key.column }}) references {{ key.parent }}
        ({{ key.to_columns | join(', ') }});
    {%- endfor %}
{%- endmacro %}
