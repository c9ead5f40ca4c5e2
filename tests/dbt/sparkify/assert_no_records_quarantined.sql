{#- Warns, naming each record (file, line, reason), when landed Sparkify records are
    left out of the models for bad values. The rest of the warehouse builds. -#}
{{ config(severity='warn', store_failures=true) }}

{%- set quarantined -%}
    select
        quarantined.raw_table,
        quarantined.source_file,
        quarantined.line_number,
        quarantined.quarantine_reason
    from {{ ref('int_records_quarantined') }} as quarantined
    order by 1, 2, 3
{%- endset %}
{{- log_offenders('quarantined', quarantined) }}

{{ quarantined }}
