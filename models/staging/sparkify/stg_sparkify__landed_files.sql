{#- One row per Sparkify file the loader has landed: what incremental models compare
    their watermark with. -#}
with

source as (

    select * from {{ source('sparkify', 'load_manifest') }}

),

final as (

    select
        source as raw_table,
        source_file,
        rows_loaded,
        rows_rejected,
        loaded_at
    from source
    where source in ('sparkify_events', 'sparkify_songs')

)

select * from final
