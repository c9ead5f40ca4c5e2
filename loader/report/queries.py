"""The report's questions, each one query over the marts (schemas sparkify, music_store)."""

from __future__ import annotations

PLAYS_BY_HOUR = """
    select time.hour, count(*)
    from sparkify.songplays as songplays
    inner join sparkify.time as time
        on songplays.start_time = time.start_time
    group by 1
    order by 1
"""

TOP_SONGS = """
    select songs.title || ' — ' || artists.name, count(*)
    from sparkify.songplays as songplays
    inner join sparkify.songs as songs
        on songplays.song_id = songs.song_id
    inner join sparkify.artists as artists
        on songs.artist_id = artists.artist_id
    group by songs.song_id, songs.title, artists.name
    order by 2 desc, 1
    limit 10
"""

TOP_ARTISTS = """
    select artists.name, count(*)
    from sparkify.songplays as songplays
    inner join sparkify.artists as artists
        on songplays.artist_id = artists.artist_id
    group by artists.artist_id, artists.name
    order by 2 desc, 1
    limit 10
"""

PLAYS_BY_DAY_AND_LEVEL = """
    select
        songplays.start_time::date as play_date,
        count(*) filter (where songplays.level = 'free'),
        count(*) filter (where songplays.level = 'paid')
    from sparkify.songplays as songplays
    group by 1
    order by 1
"""

SESSIONS_PER_USER = """
    with per_user as (
        select sessions.user_id, count(*) as sessions
        from sparkify.fct_sessions as sessions
        where sessions.user_id is not null
        group by 1
    )
    select least(per_user.sessions, 15), count(*)
    from per_user
    group by 1
    order by 1
"""

REVENUE_BY_COUNTRY = """
    select sales.billing_country, sales.region, sales.revenue
    from music_store.sales_by_country as sales
    order by sales.revenue desc, sales.billing_country
    limit 15
"""

TOP_GENRE_BY_COUNTRY = """
    select top_genres.country, string_agg(top_genres.genre_name, ' / '),
        max(top_genres.purchases)
    from music_store.top_genre_by_country as top_genres
    group by 1
    order by 3 desc, 1
    limit 15
"""

BEST_CUSTOMERS = """
    select customers.first_name || ' ' || customers.last_name || ' (' || customers.country
        || ')', customers.lifetime_revenue
    from music_store.dim_customers as customers
    order by customers.lifetime_revenue desc, customers.customer_id
    limit 10
"""

EMPLOYEE_SALES = """
    select employees.first_name || ' ' || employees.last_name
        || ' (' || employees.customers_supported || ' customers)',
        employees.revenue_supported
    from music_store.dim_employees as employees
    where employees.customers_supported > 0
    order by employees.revenue_supported desc, employees.employee_id
"""
