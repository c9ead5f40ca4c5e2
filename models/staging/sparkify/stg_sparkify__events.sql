{#- One row per landed log line, every field typed. No cast can fail: a record with a
    value that does not fit is quarantined (rules in the model's description). No
    deduplication here: the same event can sit in two files; int_events_deduplicated
    keeps one copy. On Spark, a table partitioned by file, so each line is parsed once,
    when its file lands (docs/spark.md). -#}
{{
    config(
        materialized=('incremental' if target.type == 'spark' else 'view'),
        incremental_strategy='insert_overwrite',
        partition_by=['source_file'],
    )
}}
{%- set milliseconds = {'type': 'bigint', 'minimum': 0, 'maximum': 32503680000000} -%}
{%- set fields = {
    'userId': 'id',
    'sessionId': 'integer',
    'itemInSession': 'integer',
    'page': 'text',
    'auth': 'text',
    'level': 'text',
    'firstName': 'text',
    'lastName': 'text',
    'gender': 'text',
    'location': 'text',
    'userAgent': 'text',
    'method': 'text',
    'song': 'text',
    'artist': 'text',
    'length': 'numeric',
    'status': 'integer',
    'ts': milliseconds,
    'registration': dict(milliseconds, type='numeric'),
} -%}
{%- set expected = {
    'userId': 'a user id',
    'sessionId': 'an integer',
    'itemInSession': 'an integer',
    'length': 'a number',
    'status': 'an integer',
    'ts': 'epoch milliseconds',
    'registration': 'epoch milliseconds',
} -%}
{%- set required = ['sessionId', 'itemInSession', 'ts', 'page', 'level'] -%}
{#- Per field, when it is unusable: there but not fitting its type (userId may be "",
    logged out), or, if required, missing. -#}
{%- set checks = json_field_checks(
    expected.keys() | list + ['page', 'level'],
    required,
    unusable_when={'userId': " and " ~ json_found('source.payload', 'userId') ~ " <> '\"\"'"},
) -%}
{%- set extra = [{
    'condition': "fields.level not in ('free', 'paid')",
    'reason': "'level: expected free or paid, found ' || fields.level",
}] -%}
-- The typing and quarantine rules are generated: layout is checked on the rest.
-- noqa: disable=LT02,LT05

with

source as (

    select * from {{ source('sparkify', 'sparkify_events') }}

),

typed as (

    select
        fields.userid as user_id,
        fields.sessionid as session_id,
        fields.iteminsession as item_in_session,
        fields.page,
        fields.auth,
        fields.level,
        fields.firstname as first_name,
        fields.lastname as last_name,
        fields.gender,
        fields.location,
        -- The raw value is itself wrapped in double quotes: keep what is inside.
        case
            when fields.useragent like '"%"'
                then substr(fields.useragent, 2, length(fields.useragent) - 2)
            else fields.useragent
        end as user_agent,
        fields.method as http_method,
        fields.song as song_title,
        fields.artist as artist_name,
        fields.length as song_length_seconds,
        fields.status as http_status,
        fields.ts as event_epoch_ms,
        fields.registration as registration_epoch_ms,
        {{ json_quarantined(checks, extra) }} as is_quarantined,
        -- Spelt out only for a quarantined record, so valid ones never pay for it.
        {{ json_quarantine_reason('source.payload', checks, expected, extra) }}
            as quarantine_reason,
        source.source_file,
        source.line_number,
        source.loaded_at
    from source
    {{ json_fields('source.payload', fields) }}
    {%- if is_incremental() %}
    {#- The files landed since: a replaced file's rows are replaced whole (unique_key). #}
    {%- set new_files -%}
        select landed.source_file
        from {{ source('sparkify', 'load_manifest') }} as landed
        where
            landed.source = 'sparkify_events'
            and landed.load_seq > {{ incremental_since() }}
    {%- endset %}
    where {{ in_subquery('source.source_file', new_files) }}
    {%- endif %}

),

-- noqa: enable=LT02,LT05
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
        is_quarantined,
        quarantine_reason,
        {{ epoch_ms_to_utc_timestamp('registration_epoch_ms') }} as registered_at,
        {{ epoch_ms_to_utc_timestamp('event_epoch_ms') }} as event_at,
        source_file,
        line_number,
        loaded_at
    from typed

)

select * from final
