{#- A stable md5 key over the given columns; nulls and empty strings stay distinct. -#}
{% macro generate_surrogate_key(field_list) -%}
    md5(
        {%- for field in field_list %}
        coalesce(cast({{ field }} as {{ dbt.type_string() }}), '_null_')
        {%- if not loop.last %} || '-' || {% endif -%}
        {%- endfor %}
    )
{%- endmacro %}
