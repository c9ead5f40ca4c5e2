{#- Pre-hook SQL for a Sparkify incremental model: when sparkify_incremental_batch says
    everything must be reprocessed, empty the table in place before the model inserts
    every row again. Foreign keys from and to the table are dropped first (as the
    cascade of a full rebuild would), so neither the truncate nor the re-insert pays
    row-by-row key checks; restore_foreign_keys re-adds them afterwards, validated in
    one pass. Renders nothing otherwise. -#}
{% macro reprocess_incremental_reset(songs_matter=false) -%}
    {%- if is_incremental() and sparkify_incremental_batch(songs_matter).reprocess_all -%}
    do $reset$
    declare
        key record;
    begin
        for key in
            select conrelid::regclass as child, conname
            from pg_constraint
            where contype = 'f'
                and (conrelid = '{{ this }}'::regclass or confrelid = '{{ this }}'::regclass)
        loop
            execute format('alter table %s drop constraint %I', key.child, key.conname);
        end loop;
        truncate table {{ this }};
    end
    $reset$
    {%- endif -%}
{%- endmacro %}
