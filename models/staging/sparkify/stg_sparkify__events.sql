{#- One row per landed log line, every field typed. Casts never fail: a value of the
    wrong type or out of range becomes null and is named in quarantine_reason (the rules
    are in the model's description). No deduplication here: the same event can sit in
    two files, and int_events_deduplicated picks one copy. -#}
{%- set p = 'source.payload' -%}
{%- set ms_range = {'minimum': 0, 'maximum': 32503680000000, 'type': 'bigint'} -%}
{%- set fields = {
    'sessionId': json_integer(p, 'sessionId'),
    'itemInSession': json_integer(p, 'itemInSession'),
    'page': json_string(p, 'page'),
    'auth': json_string(p, 'auth'),
    'level': json_string(p, 'level'),
    'firstName': json_string(p, 'firstName'),
    'lastName': json_string(p, 'lastName'),
    'gender': json_string(p, 'gender'),
    'location': json_string(p, 'location'),
    'userAgent': json_string(p, 'userAgent'),
    'method': json_string(p, 'method'),
    'song': json_string(p, 'song'),
    'artist': json_string(p, 'artist'),
    'length': json_number(p, 'length'),
    'status': json_integer(p, 'status'),
    'ts': json_integer(p, 'ts', **ms_range),
    'registration': json_number(p, 'registration', 0, 32503680000000),
} -%}
{#- userId is a string of digits in Sparkify's logs (empty when logged out); a number
    is accepted too. -#}
{%- set user_id -%}
    case
        when jsonb_typeof({{ p }} -> 'userId') = 'number'
            then {{ json_integer(p, 'userId') }}
        when {{ p }} ->> 'userId' ~ '^[0-9]{1,9}$'
            then ({{ p }} ->> 'userId')::integer
    end
{%- endset -%}
{%- set expected = {
    'sessionId': 'an integer',
    'itemInSession': 'an integer',
    'length': 'a number',
    'status': 'an integer',
    'ts': 'epoch milliseconds',
    'registration': 'epoch milliseconds',
} -%}
{%- set required = ['sessionId', 'itemInSession', 'page', 'level', 'ts'] -%}

with

source as (

    select * from {{ source('sparkify', 'sparkify_events') }}

),

typed as (

    select
        {{ user_id }} as user_id,
        {{ fields.sessionId }} as session_id,
        {{ fields.itemInSession }} as item_in_session,
        {{ fields.page }} as page,
        {{ fields.auth }} as auth,
        {{ fields.level }} as level,
        {{ fields.firstName }} as first_name,
        {{ fields.lastName }} as last_name,
        {{ fields.gender }} as gender,
        {{ fields.location }} as location,
        -- The raw value is itself wrapped in double quotes: keep what is inside.
        case
            when {{ fields.userAgent }} like '"%"'
                then substr({{ fields.userAgent }}, 2, length({{ fields.userAgent }}) - 2)
            else {{ fields.userAgent }}
        end as user_agent,
        {{ fields.method }} as http_method,
        {{ fields.song }} as song_title,
        {{ fields.artist }} as artist_name,
        {{ fields.length }} as song_length_seconds,
        {{ fields.status }} as http_status,
        {{ fields.ts }} as event_epoch_ms,
        {{ fields.registration }} as registration_epoch_ms,
        nullif(concat_ws(
            '; ',
            {%- for key, typed in fields.items() %}
                {{ json_problem(p, key, typed, expected.get(key, 'a string'), key in required) }},
            {%- endfor %}
            case
                when nullif({{ p }} ->> 'userId', '') is not null and ({{ user_id }}) is null
                    then 'userId: expected a user id, found '
                        || left(({{ p }} -> 'userId')::text, 60)
            end,
            case
                when {{ fields.level }} not in ('free', 'paid')
                    then 'level: expected free or paid, found ' || {{ fields.level }}
            end
        ), '') as quarantine_reason,
        source.source_file,
        source.line_number,
        source.loaded_at
    from source

),

final as (

    select
        {{ generate_surrogate_key(
            ['session_id', 'item_in_session', 'event_epoch_ms', 'user_id']
        ) }} as event_id,
        user_id,
        session_id,
        item_in_session,
        page,
        auth,
        level,
        first_name,
        last_name,
        gender,
        location,
        user_agent,
        http_method,
        song_title,
        artist_name,
        song_length_seconds,
        http_status,
        event_epoch_ms,
        page = 'NextSong' as is_song_play,
        quarantine_reason is not null as is_quarantined,
        quarantine_reason,
        {{ epoch_ms_to_utc_timestamp('registration_epoch_ms') }} as registered_at,
        {{ epoch_ms_to_utc_timestamp('event_epoch_ms') }} as event_at,
        source_file,
        line_number,
        loaded_at
    from typed

)

select * from final
