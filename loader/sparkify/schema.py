"""DDL for Sparkify's raw landing tables."""

from __future__ import annotations

# Raw landing keeps the whole record as jsonb, so a new key in the input never breaks a load.
SPARKIFY_DDL = """
create table if not exists raw.sparkify_events (
    source_file text not null,
    line_number bigint not null,
    payload jsonb not null,
    loaded_at timestamptz not null default now()
);

-- dbt's incremental models find what is new by loaded_at; one COPY shares one value,
-- so the index stays small and cheap to maintain.
create index if not exists sparkify_events_loaded_at_idx on raw.sparkify_events (loaded_at);

create table if not exists raw.sparkify_songs (
    source_file text not null,
    line_number bigint not null,
    payload jsonb not null,
    loaded_at timestamptz not null default now()
);
"""
