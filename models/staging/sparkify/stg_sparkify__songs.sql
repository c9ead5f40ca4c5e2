{#- One row per landed song file, every field typed. No cast can fail: a record with a
    value that does not fit is quarantined (rules in the model's description). -#}
{%- set fields = {
    'song_id': 'text',
    'artist_id': 'text',
    'title': 'text',
    'artist_name': 'text',
    'artist_location': 'text',
    'artist_latitude': {'type': 'numeric', 'minimum': -90, 'maximum': 90},
    'artist_longitude': {'type': 'numeric', 'minimum': -180, 'maximum': 180},
    'duration': {'type': 'numeric', 'minimum': 0, 'maximum': 1000000},
    'year': {'type': 'integer', 'minimum': 0, 'maximum': 9999},
    'num_songs': 'integer',
} -%}
{%- set expected = {
    'artist_latitude': 'a latitude',
    'artist_longitude': 'a longitude',
    'duration': 'a duration in seconds',
    'year': 'a year',
    'num_songs': 'an integer',
} -%}
{%- set required = ['song_id', 'artist_id', 'title', 'artist_name', 'duration'] -%}
{%- set checks = json_field_checks(
    (required + expected.keys() | list) | unique | list, required
) -%}
-- The typing and quarantine rules are generated: layout is checked on the rest.
-- noqa: disable=LT02,LT05

with

source as (

    select * from {{ source('sparkify', 'sparkify_songs') }}

),

typed as (

    select
        fields.song_id,
        fields.artist_id,
        fields.title,
        fields.artist_name,
        nullif(fields.artist_location, '') as artist_location,
        cast(fields.artist_latitude as {{ type_double() }}) as artist_latitude,
        cast(fields.artist_longitude as {{ type_double() }}) as artist_longitude,
        fields.duration as duration_seconds,
        -- 0 means the year is unknown.
        nullif(fields.year, 0) as release_year,
        fields.num_songs,
        {{ json_quarantined(checks) }} as is_quarantined,
        {{ json_quarantine_reason('source.payload', checks, expected) }} as quarantine_reason,
        source.source_file,
        source.line_number,
        source.loaded_at
    from source
    {{ json_fields('source.payload', fields) }}

),

-- noqa: enable=LT02,LT05
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
        is_quarantined,
        quarantine_reason,
        source_file,
        line_number,
        loaded_at
    from typed

)

select * from final
