"""Assemble the report: run the queries, draw the charts, write one HTML file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

from loader.common.connection import connect
from loader.common.private import private_dir
from loader.common.settings import ConnectionSettings
from loader.report import queries, svg

REGION_COLORS = {
    "North America": svg.PALETTE[0],
    "Europe": svg.PALETTE[1],
    "Latin America": svg.PALETTE[2],
    "Asia Pacific": svg.PALETTE[3],
    "Middle East and Africa": svg.PALETTE[4],
}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1400px;
       color: #222; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(660px, 1fr));
        gap: 1rem; }
figure.chart { margin: 0; padding: 0.8rem; border: 1px solid #e3e3e3; border-radius: 6px; }
figcaption { font-weight: 600; margin-bottom: 0.2rem; } .note { color: #666;
             font-size: 0.85rem; margin: 0 0 0.4rem; }
svg { max-width: 100%; height: auto; }
"""


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    note: str
    svg: str


def write_report(settings: ConnectionSettings, out_dir: Path) -> Path:
    """Query the marts and write out_dir/index.html; returns its path."""
    conn = connect(settings)
    try:
        with conn.cursor() as cur:

            def rows(statement: str) -> list[tuple]:
                cur.execute(statement)
                return cur.fetchall()

            sparkify = _sparkify_charts(rows)
            store = _store_charts(rows)
    finally:
        conn.close()
    private_dir(out_dir)  # the marts' rows, user ids included: owner only
    path = out_dir / "index.html"
    path.write_text(_page(sparkify, store, settings.dbname), encoding="utf-8")
    return path


def _sparkify_charts(rows) -> list[Chart]:
    hours = dict(rows(queries.PLAYS_BY_HOUR))
    songs = rows(queries.TOP_SONGS)
    artists = rows(queries.TOP_ARTISTS)
    days = rows(queries.PLAYS_BY_DAY_AND_LEVEL)
    sessions = rows(queries.SESSIONS_PER_USER)
    return [
        Chart(
            "plays-by-hour",
            "Plays by hour of day (UTC)",
            "sparkify.songplays joined to sparkify.time",
            svg.column_chart(
                "Plays by hour of day",
                [str(h) for h in range(24)],
                [hours.get(h, 0) for h in range(24)],
            ),
        ),
        Chart(
            "top-songs",
            "Top songs",
            "Plays of songs matched to song_data",
            svg.bar_chart("Top songs", *_columns(songs, 2)),
        ),
        Chart(
            "top-artists",
            "Top artists",
            "Plays of songs matched to song_data",
            svg.bar_chart("Top artists", *_columns(artists, 2)),
        ),
        Chart(
            "free-vs-paid",
            "Free vs paid plays per day",
            "By the user's level at the time of the play",
            svg.line_chart(
                "Free vs paid plays per day",
                [day.strftime("%m-%d") for day, _, _ in days],
                {"free": [free for _, free, _ in days], "paid": [paid for _, _, paid in days]},
            ),
        ),
        Chart(
            "sessions-per-user",
            "Sessions per user",
            "Users by number of sessions (15 means 15 or more), from sparkify.fct_sessions",
            svg.column_chart(
                "Sessions per user",
                [f"{n}+" if n == 15 else str(n) for n, _ in sessions],
                [users for _, users in sessions],
            ),
        ),
    ]


def _store_charts(rows) -> list[Chart]:
    countries = rows(queries.REVENUE_BY_COUNTRY)
    genres = rows(queries.TOP_GENRE_BY_COUNTRY)
    customers = rows(queries.BEST_CUSTOMERS)
    employees = rows(queries.EMPLOYEE_SALES)
    return [
        Chart(
            "revenue-by-country",
            "Revenue by country (top 15)",
            "music_store.sales_by_country, coloured by region (country -> region seed)",
            svg.bar_chart(
                "Revenue by country",
                [country for country, _, _ in countries],
                [float(revenue) for _, _, revenue in countries],
                [REGION_COLORS.get(region, "#999") for _, region, _ in countries],
                legend=REGION_COLORS,
            ),
        ),
        Chart(
            "top-genre-by-country",
            "Top genre per country",
            "Tracks bought in the country's most bought genre (ties joined by /)",
            svg.bar_chart(
                "Top genre per country",
                [f"{country}: {genre}" for country, genre, _ in genres],
                [purchases for _, _, purchases in genres],
            ),
        ),
        Chart(
            "best-customers",
            "Best customers",
            "Lifetime revenue, music_store.dim_customers",
            svg.bar_chart("Best customers", *_columns(customers, 2)),
        ),
        Chart(
            "employee-sales",
            "Employee sales performance",
            "Revenue from the customers each support rep looks after",
            svg.bar_chart("Employee sales performance", *_columns(employees, 2)),
        ),
    ]


def _columns(rows: list[tuple], width: int) -> tuple[list, ...]:
    """Split rows into label and numeric value columns."""
    labels = [str(row[0]) for row in rows]
    return (labels, *([float(row[i]) for row in rows] for i in range(1, width)))


def _section(title: str, charts: list[Chart]) -> str:
    figures = "".join(
        f'<figure class="chart" id="{chart.key}"><figcaption>{escape(chart.title)}'
        f'</figcaption><p class="note">{escape(chart.note)}</p>{chart.svg}</figure>'
        for chart in charts
    )
    return f'<section><h2>{escape(title)}</h2><div class="grid">{figures}</div></section>'


def _page(sparkify: list[Chart], store: list[Chart], dbname: str) -> str:
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Sparkify and music store report</title>"
        f"<style>{STYLE}</style></head><body>"
        "<h1>Sparkify and music store report</h1>"
        f'<p class="meta">From the marts in database {escape(dbname)}, generated {generated}.'
        " Every chart is inline SVG; nothing is loaded from the network.</p>"
        f"{_section('Sparkify', sparkify)}{_section('Music store', store)}</body></html>"
    )
