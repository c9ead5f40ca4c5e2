{#- Fails for each row of a type-2 history whose validity range is wrong for its entity:
    ranges must follow each other with neither gap nor overlap (a row ends exactly where
    the next one starts), must not be empty or reversed, and only the last may be open,
    so exactly one row per entity is current. With `is_current`, that column must say
    whether the row is the open one. -#}
{% test scd2_ranges(model, entity, valid_from, valid_to, is_current=none) %}

with

ordered as (

    select
        {{ entity }} as entity,
        {{ valid_from }} as valid_from,
        {{ valid_to }} as valid_to,
        {%- if is_current %}
        {{ is_current }} as is_current,
        {%- endif %}
        lead({{ valid_from }}) over (
            partition by {{ entity }} order by {{ valid_from }}
        ) as next_valid_from
    from {{ model }}

),

problems as (

    select entity, valid_from, 'overlaps or leaves a gap before the next range' as problem
    from ordered
    where next_valid_from is not null
        and (valid_to is null or valid_to <> next_valid_from)

    union all

    select entity, valid_from, 'the last range is closed: no row is current' as problem
    from ordered
    where next_valid_from is null and valid_to is not null

    union all

    select entity, valid_from, 'empty or reversed range' as problem
    from ordered
    where valid_to <= valid_from

    {%- if is_current %}

    union all

    select entity, valid_from, 'is_current disagrees with valid_to' as problem
    from ordered
    where is_current <> (valid_to is null)
    {%- endif %}

)

select * from problems

{% endtest %}
