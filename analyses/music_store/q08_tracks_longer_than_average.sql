-- 8. Tracks longer than the average track, longest first.
select
    track_name,
    milliseconds
from {{ ref('dim_tracks') }}
where is_longer_than_average
order by milliseconds desc
