{#- A built model is empty while what it is built from has rows: a silent empty build
    (a rebuild that read a table mid-rewrite, a claim that saw an empty manifest) fails
    here instead of passing. Both sides stop at their first row. -#}
{% test not_empty_when(model, upstream, upstream_where='1 = 1') %}

with

upstream_rows as (

    select count(*) as upstream_rows
    from (select 1 as one from {{ upstream }} where {{ upstream_where }} limit 1) as found

),

model_rows as (

    select count(*) as model_rows
    from (select 1 as one from {{ model }} limit 1) as found

)

select upstream_rows.upstream_rows, model_rows.model_rows
from upstream_rows
cross join model_rows
where upstream_rows.upstream_rows > 0 and model_rows.model_rows = 0

{% endtest %}
