{#- Chinook stores birth and hire dates as midnight timestamps; they are dates. -#}
with

source as (

    select * from {{ source('music_store', 'music_store_employee') }}

),

final as (

    select
        employee_id,
        reports_to,
        first_name,
        last_name,
        title,
        address,
        city,
        state,
        country,
        postal_code,
        phone,
        fax,
        email,
        cast(birth_date as date) as birth_date,
        cast(hire_date as date) as hire_date
    from source

)

select * from final
