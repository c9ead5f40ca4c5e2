-- 10. The most popular genre (most units bought) in each country; ties kept.
select
    country,
    genre_name,
    purchases
from {{ ref('top_genre_by_country') }}
order by country, genre_name
