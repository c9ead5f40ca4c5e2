with

source as (

    select * from {{ source('music_store', 'music_store_customer') }}

),

final as (

    select
        customer_id,
        support_rep_id,
        first_name,
        last_name,
        company,
        address,
        city,
        state,
        country,
        postal_code,
        phone,
        fax,
        email
    from source

)

select * from final
