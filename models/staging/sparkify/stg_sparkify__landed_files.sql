{#- One row per Sparkify file the loader has landed, with the landing's load_seq: how
    incremental models find the rows landed since their last run. -#}
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
        load_seq,
        first_load_seq,
        loaded_at
    from source
    where source in ('sparkify_events', 'sparkify_songs')

)

select * from final
