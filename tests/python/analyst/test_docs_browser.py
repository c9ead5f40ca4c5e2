"""The generated dbt docs site, served on localhost and opened in headless Chromium,
renders the lineage graph of songplays (fct_songplays) from sources to metrics."""

from __future__ import annotations

import json
import shutil

from tests.python.browser import (
    add_probe,
    dump_dom,
    ensure_chromium,
    probe_result,
    screenshot,
    serve,
)
from tests.python.built_project import SCREENSHOTS

SONGPLAYS = "model.sparkify_warehouse.fct_songplays"
LINEAGE = f"#!/model/{SONGPLAYS}?g_v=1&g_i=%2Bfct_songplays%2B"
# Cytoscape registers its instance on the graph's container element as `_cyreg.cy`.
PROBE = """
(function poll(tries) {
  var cy = null;
  document.querySelectorAll('div').forEach(function (el) {
    if (el._cyreg && el._cyreg.cy) { cy = el._cyreg.cy; }
  });
  var shown = cy ? cy.nodes(':visible') : [];
  if (shown.length > 0 || tries === 0) {
    document.body.setAttribute('data-probe', JSON.stringify({
      visible: cy ? shown.map(function (n) { return n.id(); }) : [],
      drawn: document.querySelectorAll('canvas').length
    }));
  } else {
    setTimeout(function () { poll(tries - 1); }, 250);
  }
})(40);
"""


def test_docs_lineage_of_songplays_renders(built_project, tmp_path):
    chromium = ensure_chromium()
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "manifest.json", "catalog.json"):
        shutil.copy(built_project.target / name, site / name)
    add_probe(site / "index.html", PROBE)
    with serve(site) as base:
        found = probe_result(dump_dom(chromium, f"{base}/{LINEAGE}"))
        shot = screenshot(chromium, f"{base}/{LINEAGE}", SCREENSHOTS / "docs_lineage_songplays.png")
    assert found, "the probe never ran: the docs page did not load"
    graph = json.loads(found)
    visible = set(graph["visible"])
    assert graph["drawn"] > 0, "no canvas: the graph was not drawn"
    expected = {
        SONGPLAYS,
        "source.sparkify_warehouse.sparkify.sparkify_events",
        "model.sparkify_warehouse.stg_sparkify__events",
        "model.sparkify_warehouse.dim_users",
        "semantic_model.sparkify_warehouse.songplays",
        "metric.sparkify_warehouse.plays",
        "exposure.sparkify_warehouse.html_report",
    }
    assert expected <= visible, f"missing from the lineage: {sorted(expected - visible)}"
    assert not any("music_store" in node for node in visible), "the lineage is not filtered"
    assert shot.stat().st_size > 20_000
