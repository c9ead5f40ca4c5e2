"""The warehouse on the test cluster: land, build with dbt, and read marts back in a form
that compares equal across engines."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from loader.common.load_report import LoadReport
from loader.dbt_runner import run_dbt
from loader.spark.music_store_load import load_music_store
from loader.spark.sparkify_load import load_sparkify
from loader.spark.sql import session

Table = tuple[list[str], list[tuple]]  # column names, rows sorted


def normalize(value: object) -> object:
    """One value as both engines' drivers return it: numbers by value (a decimal's scale
    and a float's last bits aside), times as ISO text."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return round(value, 6) + 0.0
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def sorted_rows(rows: list[tuple]) -> list[tuple]:
    normalized = [tuple(normalize(value) for value in row) for row in rows]
    return sorted(normalized, key=lambda row: [(v is None, str(v)) for v in row])


def pg_marts(conn, schema: str) -> dict[str, Table]:
    with conn.cursor() as cur:
        cur.execute(
            "select table_name from information_schema.tables "
            "where table_schema = %s and table_type = 'BASE TABLE' order by 1",
            (schema,),
        )
        tables = [name for (name,) in cur.fetchall()]
        marts = {}
        for table in tables:
            cur.execute(f'select * from {schema}."{table}"')
            columns = [column.name for column in cur.description]
            marts[table] = (columns, sorted_rows(cur.fetchall()))
        return marts


class SparkWarehouse:
    def __init__(self, work: Path) -> None:
        self.paths = ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]

    def reset(self) -> None:
        """Drop every database a previous module built (the metastore stays)."""
        with session() as spark:
            for (name,) in spark.query("show databases"):
                if name != "default":
                    spark.execute(f"drop database if exists `{name}` cascade")

    def load(self, data_dir: Path) -> LoadReport:
        return load_sparkify(data_dir, say=lambda message: None)

    def load_store(self, csv_dir: Path) -> LoadReport:
        return load_music_store(csv_dir, say=lambda message: None)

    def dbt(self, *args: str, command: str = "build"):
        outcome = run_dbt([command, "--target", "spark", *args, *self.paths])
        assert outcome.success, outcome.error or [
            f"{r.node.unique_id}: {r.message}"
            for r in outcome.results
            if r.status not in ("success", "pass", "warn")
        ]
        return outcome.results

    def query(self, statement: str) -> list[tuple]:
        with session() as spark:
            return spark.query(statement)

    def marts(self, schema: str) -> dict[str, Table]:
        marts = {}
        with session() as spark:
            for _, table, is_temporary in spark.query(f"show tables in {schema}"):
                if is_temporary:
                    continue
                spark.execute(f"select * from {schema}.{table}")
                columns = [column[0].split(".")[-1] for column in spark.cursor.description]
                marts[table] = (columns, sorted_rows(spark.cursor.fetchall()))
        return marts


def in_column_order(table: Table, columns: list[str]) -> list[tuple]:
    """The rows with their columns in the given order (Spark puts partition columns last)."""
    names, rows = table
    positions = [names.index(column) for column in columns]
    return sorted_rows([tuple(row[i] for i in positions) for row in rows])
