-- 6. Email, first and last name of every customer who bought Rock, ordered by email.
select
    email,
    first_name,
    last_name
from {{ ref('customer_genre_purchases') }}
where genre_name = 'Rock'
order by email
