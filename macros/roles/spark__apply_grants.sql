{#- Spark without an authorization layer has no grants (SHOW GRANTS fails): the marts'
    `grants` apply on PostgreSQL only. -#}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- endmacro %}
