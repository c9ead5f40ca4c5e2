"""The PostgreSQL loader gives rules.py's reasons; the Spark landing gives the same ones for
the same values (tests/python/spark/test_spark_nothing_lost.py)."""

from __future__ import annotations

from loader.music_store.load import load_music_store
from tests.python.helpers import query
from tests.python.music_store.bad_values import store_with_bad_values


def test_reasons_are_the_shared_wording(clean_db, db, tmp_path):
    store, expected = store_with_bad_values(tmp_path / "store")

    assert load_music_store(store, clean_db).exit_code == 3

    reasons = query(
        db,
        "select reason from raw.load_rejects where source = 'music_store_invoice_line' "
        "order by line_number",
    )
    assert [reason for (reason,) in reasons] == expected
    (rejected,) = query(
        db, "select rows_rejected from raw.load_manifest where source = 'music_store_invoice_line'"
    )[0]
    assert rejected == len(expected)
