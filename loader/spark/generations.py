"""Whole raw tables on Spark are replaced by publishing a new generation, never in place.

Spark rewrites a table in place: `insert overwrite` deletes the table's files, then writes
the new ones, so a query that overlaps it reads an empty table, or fails on a file deleted
under it. Each raw relation the loader rewrites whole (the manifest, the songs, each store
table) is therefore a view over a generation: a table `raw.<name>__g<ms>` (its creation
time in epoch milliseconds) that is written once and then only read. A load writes the
next generation beside the current one, and publishes it with one `alter view ... as`, a
single update of the view's row in the metastore. (Not `create or replace view`: Spark
drops the view and creates it again, and a query planned in between finds no relation.)

Why a reader is safe: a query resolves each view once, when it is planned, and then reads
that generation's files. It reads one generation whole, old or new, and the files it reads
are never rewritten. A replaced generation is dropped only by a later load, once it has
been out of use for GRACE (an hour unless SPARKIFY_SPARK_GRACE_SECONDS says otherwise), so a
query planned just before the swap can still finish.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

PUBLISHED_AT = "sparkify.published_at"


def grace_seconds() -> float:
    return float(os.environ.get("SPARKIFY_SPARK_GRACE_SECONDS", "3600"))


def generation_table(name: str, generation: int) -> str:
    return f"raw.{name}__g{generation}"


@dataclass(frozen=True)
class Catalog:
    """What the raw database holds, from one listing of its tables and one of its views."""

    tables: frozenset[str]
    views: frozenset[str]

    @classmethod
    def read(cls, spark) -> Catalog:
        views = {row[1] for row in spark.query("show views in raw") if not row[2]}
        every = {row[1] for row in spark.query("show tables in raw") if not row[2]}
        return cls(frozenset(every - views), frozenset(views))

    def generations(self, name: str) -> list[int]:
        pattern = re.compile(rf"{re.escape(name)}__g(\d+)")
        return sorted(int(m.group(1)) for t in self.tables if (m := pattern.fullmatch(t)))


def new_generation(spark, name: str, catalog: Catalog | None = None) -> str:
    """A fresh generation's table name, later than any there (a load holds the lock)."""
    existing = (catalog or Catalog.read(spark)).generations(name)
    generation = max([int(time.time() * 1000), *(g + 1 for g in existing)])
    return generation_table(name, generation)


def publish(spark, name: str, table: str, columns: str, catalog: Catalog | None = None) -> None:
    """Point the view raw.<name> at the generation `table` (one metastore update). The time
    is noted first: a load that dies between the two leaves it late, which only delays a
    drop."""
    body = f"select {columns} from {table}"
    now = f"tblproperties ('{PUBLISHED_AT}' = '{time.time():.3f}')"
    if catalog is not None and name not in catalog.views:
        spark.execute(f"create view raw.{name} {now} as {body}")
        return
    spark.execute(f"alter view raw.{name} set {now}")
    spark.execute(f"alter view raw.{name} as {body}")


def current_generation(spark, name: str) -> int:
    """The generation the view raw.<name> reads, from its own text."""
    (text,) = spark.query(f"show create table raw.{name}")[0]
    return int(re.findall(rf"{re.escape(name)}__g(\d+)", text)[-1])


def collect(spark, name: str, catalog: Catalog, now: float | None = None) -> list[str]:
    """Drop the generations of raw.<name> out of use for longer than the grace, and any a
    dead load left unpublished; returns them. Called under the load lock.

    Loads are serialised, so every generation older than the one before the current was
    replaced before the current was created (its name's time), and the one before the
    current was replaced when the current was published (the view's property)."""
    generations = catalog.generations(name)
    if len(generations) < 2 or name not in catalog.views:
        return []
    current = current_generation(spark, name)
    properties = dict(spark.query(f"show tblproperties raw.{name}"))
    published_at = float(properties.get(PUBLISHED_AT, 0))
    now = time.time() if now is None else now
    older = [g for g in generations if g < current]
    # Newer than the current: begun by a load that died before publishing it; never read.
    dropped = [generation_table(name, g) for g in generations if g > current]
    for generation in older:
        replaced_at = published_at if generation == older[-1] else current / 1000
        if now - replaced_at >= grace_seconds():
            dropped.append(generation_table(name, generation))
    for table in dropped:
        spark.execute(f"drop table if exists {table}")
    return dropped
