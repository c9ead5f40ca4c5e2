{#- unique and not_null in one test, for a relation that may not exist yet (a snapshot
    before its first `dbt snapshot`): no relation means no rows, so no violations. -#}
{% test primary_key_once_built(model, column_name) %}

{%- set relation = adapter.get_relation(
    database=model.database, schema=model.schema, identifier=model.identifier
) if execute else none -%}
{%- if relation is none %}

select null as {{ column_name }}, 0 as occurrences
where 1 = 0

{%- else %}

select
    {{ column_name }},
    count(*) as occurrences
from {{ model }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null

{%- endif %}

{% endtest %}
