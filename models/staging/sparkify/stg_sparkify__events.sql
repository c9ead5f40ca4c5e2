{#- One row per landed log line, every field typed. No deduplication here: the same
    event can sit in two files, and int_events_deduplicated picks one copy. -#}
with

source as (

    select * from {{ source('sparkify', 'sparkify_events') }}

),

typed as (

    select
        nullif(payload ->> 'userId', '')::integer as user_id,
        (payload ->> 'sessionId')::integer as session_id,
        (payload ->> 'itemInSession')::integer as item_in_session,
        payload ->> 'page' as page,
        payload ->> 'auth' as auth,
        payload ->> 'level' as level,
        payload ->> 'firstName' as first_name,
        payload ->> 'lastName' as last_name,
        payload ->> 'gender' as gender,
        payload ->> 'location' as location,
        -- The raw value is itself wrapped in double quotes: keep what is inside. Same
        -- result as regexp_replace(value, '^"(.*)"$', '\1') at a tenth of the cost,
        -- which mattered at a million rows.
        case
            when payload ->> 'userAgent' like '"%"'
                then substr(
                        payload ->> 'userAgent', 2, length(payload ->> 'userAgent') - 2
                    )
            else payload ->> 'userAgent'
        end as user_agent,
        payload ->> 'method' as http_method,
        payload ->> 'song' as song_title,
        payload ->> 'artist' as artist_name,
        (payload ->> 'length')::numeric as song_length_seconds,
        (payload ->> 'status')::integer as http_status,
        (payload ->> 'ts')::bigint as event_epoch_ms,
        (payload ->> 'registration')::numeric as registration_epoch_ms,
        source_file,
        line_number,
        loaded_at
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
        {{ epoch_ms_to_utc_timestamp('registration_epoch_ms') }} as registered_at,
        {{ epoch_ms_to_utc_timestamp('event_epoch_ms') }} as event_at,
        source_file,
        line_number,
        loaded_at
    from typed

)

select * from final
