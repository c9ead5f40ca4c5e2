{#- SCD type 2 history of each user's level, with validity taken from event times. -#}
with

user_levels as (

    select * from {{ ref('int_user_levels_collapsed') }}

),

final as (

    select
        user_levels.user_level_id,
        user_levels.user_id,
        user_levels.level,
        user_levels.valid_to is null as is_current,
        user_levels.valid_from,
        user_levels.valid_to
    from user_levels

)

select * from final
