"""A store whose rows each pass the load's domain checks but disagree with each other (an
invoice total that is not the sum of its lines) still builds: every store mart is built,
and a warning test names the invoice."""

from __future__ import annotations

import csv
from decimal import Decimal

from loader.music_store.generate import generate_music_store
from loader.music_store.load import load_music_store
from tests.python.helpers import PROJECT_ROOT, fresh_database
from tests.python.quality.conftest import failures, invoke_dbt


def _raise_first_invoice_total(path) -> str:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    invoice_id, total = rows[1][0], Decimal(rows[1][-1])
    rows[1][-1] = f"{total + Decimal('1.00'):.2f}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return invoice_id


def test_an_invoice_total_that_differs_from_its_lines_warns_by_name(
    server_settings, tmp_path, capfd
):
    store = tmp_path / "store"
    generate_music_store(store, customers=8, tracks=40, invoices=20, listens=100, seed=4)
    invoice_id = _raise_first_invoice_total(store / "invoice.csv")
    with fresh_database(server_settings, "inconsistent") as settings:
        assert load_music_store(store, settings).exit_code == 0  # each row is valid alone
        target = ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
        result = invoke_dbt(PROJECT_ROOT, settings, "build", "--selector", "music_store", *target)
        statuses = {r.node.name: str(r.status) for r in result.result.results}
        marts = [
            r.node.name
            for r in result.result.results
            if r.node.resource_type == "model" and r.node.name.startswith(("fct_", "dim_"))
        ]

    assert result.success, failures(result)
    assert statuses["assert_invoice_total_equals_sum_of_lines"] == "warn"
    assert marts and all(statuses[name] == "success" for name in marts), statuses
    assert f"invoice total differs from its lines: {invoice_id} |" in capfd.readouterr().out
