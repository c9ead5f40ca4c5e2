"""What makes a store record bad, and how its reason reads: one wording for both engines.

The PostgreSQL loader (checks.py) and the Spark landing (loader/spark/music_store_load.py)
each write these rules in their own SQL, but take every word of a reason from here, so the
same bad value gets the same reason on both. A reason is a fixed text, then the value:

- `quantity: not an integer: 'two'`: the value quoted (quotes doubled);
- `unit_price: must be at least 0, found -1`: the value trimmed;
- `name: missing required value`;
- `dangling foreign key: album_id=9 not found in album.album_id`;
- `duplicate key (invoice_id)=(5) repeats line 3`.
"""

from __future__ import annotations

from loader.music_store.schema import ForeignKey

KIND_WORDS = {
    "int": "an integer",
    "bigint": "an integer",
    "money": "an amount with at most 2 decimals",
    "timestamp": "a timestamp (YYYY-MM-DD HH:MM:SS)",
}

# An amount the store accepts: digits with at most 2 significant decimals (trailing zeros
# aside), no exponent, no NaN or Infinity. Both engines' regular expressions read it alike.
MONEY_TEXT = r"^\s*[+-]?([0-9]+(\.[0-9]{0,2}0*)?|\.[0-9]{1,2}0*)\s*$"


def not_a(column: str, kind: str) -> str:
    """Before the quoted value."""
    return f"{column}: not {KIND_WORDS[kind]}: "


def below_minimum(column: str, minimum: int) -> str:
    """Before the trimmed value."""
    return f"{column}: must be at least {minimum}, found "


def missing(column: str) -> str:
    return f"{column}: missing required value"


def dangling(fk: ForeignKey) -> tuple[str, str]:
    """Before and after the value of the foreign key."""
    return f"dangling foreign key: {fk.column}=", f" not found in {fk.parent}.{fk.parent_column}"


def duplicate(primary_key: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """Before the key's values (as text, joined by ', ') and before the first line's number."""
    return f"duplicate key ({', '.join(primary_key)})=(", ") repeats line "


def quote(value: str) -> str:
    """How a reason shows a value that is not of its kind (the SQL standard's literal)."""
    return "'" + value.replace("'", "''") + "'"
