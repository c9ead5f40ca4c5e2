-- 7. The ten artists with the most Rock tracks.
select
    artist_name,
    track_count
from {{ ref('genre_artist_track_counts') }}
where genre_name = 'Rock'
order by track_count desc, artist_name asc
limit 10
