"""The music store's raw tables: one per CSV, typed, keyed, in dependency order.

Columns are named exactly as the CSV headers (Chinook 1.4.5, snake_case) plus `loaded_at`.
Keys follow the original design: integer primary keys taken from the files, foreign keys
with ON DELETE CASCADE where the reference is required and ON DELETE SET NULL where it is
optional. `listening_history` and `artist_track` are the store's own and optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg2 import sql

from loader.common.raw_schema import raw_table

# Column kinds and the PostgreSQL type each lands as.
SQL_TYPES = {
    "int": "integer",
    "bigint": "bigint",
    "money": "numeric(10,2)",
    "timestamp": "timestamp",
    "text": "text",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False
    # Domain check: the smallest value the store accepts (quantities, prices, durations).
    minimum: int | None = None


@dataclass(frozen=True)
class ForeignKey:
    column: str
    parent: str  # the parent table's short name; its key is the column of the same name
    parent_column: str

    def on_delete(self, table: TableSpec) -> str:
        return "cascade" if table.column(self.column).required else "set null"


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    required: bool = True

    @property
    def source(self) -> str:
        """The name in raw.load_manifest and raw.load_rejects, and the raw table's name."""
        return f"music_store_{self.name}"

    @property
    def relation(self) -> sql.Composed:
        return raw_table(self.source)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def parents(self) -> set[str]:
        return {fk.parent for fk in self.foreign_keys if fk.parent != self.name}


def _id(name: str) -> Column:
    return Column(name, "int", required=True)


def _text(*names: str, required: bool = False) -> tuple[Column, ...]:
    return tuple(Column(name, "text", required) for name in names)


def _fk(column: str, parent: str, parent_column: str | None = None) -> ForeignKey:
    return ForeignKey(column, parent, parent_column or column)


ADDRESS = ("address", "city", "state", "country", "postal_code", "phone", "fax")

# Dependency order: every table comes after the tables it references.
TABLES: tuple[TableSpec, ...] = (
    TableSpec("artist", (_id("artist_id"), Column("name")), ("artist_id",)),
    TableSpec(
        "album",
        (_id("album_id"), Column("title", required=True), _id("artist_id")),
        ("album_id",),
        (_fk("artist_id", "artist"),),
    ),
    TableSpec("genre", (_id("genre_id"), Column("name")), ("genre_id",)),
    TableSpec("media_type", (_id("media_type_id"), Column("name")), ("media_type_id",)),
    TableSpec(
        "track",
        (
            _id("track_id"),
            Column("name", required=True),
            Column("album_id", "int"),
            _id("media_type_id"),
            Column("genre_id", "int"),
            Column("composer"),
            Column("milliseconds", "int", required=True, minimum=1),
            Column("bytes", "bigint", minimum=0),
            Column("unit_price", "money", required=True, minimum=0),
        ),
        ("track_id",),
        (_fk("album_id", "album"), _fk("media_type_id", "media_type"), _fk("genre_id", "genre")),
    ),
    TableSpec("playlist", (_id("playlist_id"), Column("name")), ("playlist_id",)),
    TableSpec(
        "playlist_track",
        (_id("playlist_id"), _id("track_id")),
        ("playlist_id", "track_id"),
        (_fk("playlist_id", "playlist"), _fk("track_id", "track")),
    ),
    TableSpec(
        "artist_track",
        (_id("artist_id"), _id("track_id"), Column("role", required=True)),
        ("artist_id", "track_id"),
        (_fk("artist_id", "artist"), _fk("track_id", "track")),
        required=False,
    ),
    TableSpec(
        "employee",
        (
            _id("employee_id"),
            *_text("last_name", "first_name", required=True),
            Column("title"),
            Column("reports_to", "int"),
            Column("birth_date", "timestamp"),
            Column("hire_date", "timestamp"),
            *_text(*ADDRESS, "email"),
        ),
        ("employee_id",),
        (_fk("reports_to", "employee", "employee_id"),),
    ),
    TableSpec(
        "customer",
        (
            _id("customer_id"),
            *_text("first_name", "last_name", required=True),
            Column("company"),
            *_text(*ADDRESS),
            Column("email", required=True),
            Column("support_rep_id", "int"),
        ),
        ("customer_id",),
        (_fk("support_rep_id", "employee", "employee_id"),),
    ),
    TableSpec(
        "invoice",
        (
            _id("invoice_id"),
            _id("customer_id"),
            Column("invoice_date", "timestamp", required=True),
            *_text(
                "billing_address",
                "billing_city",
                "billing_state",
                "billing_country",
                "billing_postal_code",
            ),
            Column("total", "money", required=True, minimum=0),
        ),
        ("invoice_id",),
        (_fk("customer_id", "customer"),),
    ),
    TableSpec(
        "invoice_line",
        (
            _id("invoice_line_id"),
            _id("invoice_id"),
            _id("track_id"),
            Column("unit_price", "money", required=True, minimum=0),
            Column("quantity", "int", required=True, minimum=1),
        ),
        ("invoice_line_id",),
        (_fk("invoice_id", "invoice"), _fk("track_id", "track")),
    ),
    TableSpec(
        "listening_history",
        (
            _id("listen_id"),
            _id("customer_id"),
            _id("track_id"),
            Column("listened_at", "timestamp", required=True),
            Column("ms_played", "int", required=True, minimum=0),
            Column("device"),
            Column("context"),
        ),
        ("listen_id",),
        (_fk("customer_id", "customer"), _fk("track_id", "track")),
        required=False,
    ),
)
BY_NAME = {spec.name: spec for spec in TABLES}


def descendants(names: set[str]) -> set[str]:
    """The tables named plus every table that references them, directly or not."""
    found = set(names)
    for spec in TABLES:  # dependency order: parents are settled before their children
        if spec.parents() & found:
            found.add(spec.name)
    return found


def fk_name(spec: TableSpec, fk: ForeignKey) -> sql.Identifier:
    return sql.Identifier(f"{spec.source}_{fk.column}_fkey")


def create_table(spec: TableSpec) -> sql.Composed:
    columns = [
        sql.SQL("{} {}{}").format(
            sql.Identifier(c.name),
            sql.SQL(SQL_TYPES[c.kind]),
            sql.SQL(" not null" if c.required else ""),
        )
        for c in spec.columns
    ]
    columns.append(sql.SQL("loaded_at timestamptz not null default now()"))
    columns.append(
        sql.SQL("primary key ({})").format(
            sql.SQL(", ").join(map(sql.Identifier, spec.primary_key))
        )
    )
    columns.extend(
        sql.SQL("constraint {} {}").format(fk_name(spec, fk), fk_clause(spec, fk))
        for fk in spec.foreign_keys
    )
    return sql.SQL("create table if not exists {} (\n    {}\n)").format(
        spec.relation, sql.SQL(",\n    ").join(columns)
    )


def fk_clause(spec: TableSpec, fk: ForeignKey) -> sql.Composed:
    return sql.SQL("foreign key ({}) references {} ({}) on delete {}").format(
        sql.Identifier(fk.column),
        BY_NAME[fk.parent].relation,
        sql.Identifier(fk.parent_column),
        sql.SQL(fk.on_delete(spec)),
    )


def drop_foreign_keys(cur, spec: TableSpec) -> None:
    for fk in spec.foreign_keys:
        cur.execute(
            sql.SQL("alter table {} drop constraint if exists {}").format(
                spec.relation, fk_name(spec, fk)
            )
        )


def add_foreign_keys(cur, spec: TableSpec) -> None:
    for fk in spec.foreign_keys:
        cur.execute(
            sql.SQL("alter table {} add constraint {} {}").format(
                spec.relation, fk_name(spec, fk), fk_clause(spec, fk)
            )
        )


def ensure_tables(cur) -> None:
    """Create every raw table, the optional ones too, so staging always has a relation."""
    cur.execute("select pg_advisory_xact_lock(hashtext('sparkify-raw-ddl'))")
    for spec in TABLES:
        cur.execute(create_table(spec))
