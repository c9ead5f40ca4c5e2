{#- One row per landed song file, every field typed. Casts never fail: a value of the
    wrong type or out of range becomes null and is named in quarantine_reason. -#}
{%- set p = 'source.payload' -%}
{%- set fields = {
    'song_id': json_string(p, 'song_id'),
    'artist_id': json_string(p, 'artist_id'),
    'title': json_string(p, 'title'),
    'artist_name': json_string(p, 'artist_name'),
    'artist_location': json_string(p, 'artist_location'),
    'artist_latitude': json_number(p, 'artist_latitude', -90, 90),
    'artist_longitude': json_number(p, 'artist_longitude', -180, 180),
    'duration': json_number(p, 'duration', 0, 1000000),
    'year': json_integer(p, 'year', 0, 9999),
    'num_songs': json_integer(p, 'num_songs'),
} -%}
{%- set expected = {
    'artist_latitude': 'a latitude',
    'artist_longitude': 'a longitude',
    'duration': 'a duration in seconds',
    'year': 'a year',
    'num_songs': 'an integer',
} -%}
{%- set required = ['song_id', 'artist_id', 'title', 'artist_name', 'duration'] -%}

with

source as (

    select * from {{ source('sparkify', 'sparkify_songs') }}

),

typed as (

    select
        {{ fields.song_id }} as song_id,
        {{ fields.artist_id }} as artist_id,
        {{ fields.title }} as title,
        {{ fields.artist_name }} as artist_name,
        nullif({{ fields.artist_location }}, '') as artist_location,
        {{ fields.artist_latitude }}::double precision as artist_latitude,
        {{ fields.artist_longitude }}::double precision as artist_longitude,
        {{ fields.duration }} as duration_seconds,
        -- 0 means the year is unknown.
        nullif({{ fields.year }}, 0) as release_year,
        {{ fields.num_songs }} as num_songs,
        nullif(concat_ws(
            '; ',
            {%- for key, typed in fields.items() %}
                {{ json_problem(p, key, typed, expected.get(key, 'a string'), key in required) }}
                {{- ',' if not loop.last }}
            {%- endfor %}
        ), '') as quarantine_reason,
        source.source_file,
        source.line_number,
        source.loaded_at
    from source

),

final as (

    select
        song_id,
        artist_id,
        title,
        artist_name,
        artist_location,
        artist_latitude,
        artist_longitude,
        duration_seconds,
        release_year,
        num_songs,
        quarantine_reason is not null as is_quarantined,
        quarantine_reason,
        source_file,
        line_number,
        loaded_at
    from typed

)

select * from final
