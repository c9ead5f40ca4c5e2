"""`sparkify report` writes one self-contained HTML file whose every chart renders in
headless Chromium: each chart's SVG has a laid-out size and data marks."""

from __future__ import annotations

import json
import re

from tests.python.browser import (
    add_probe,
    dump_dom,
    ensure_chromium,
    probe_result,
    screenshot,
    serve,
)
from tests.python.built_project import SCREENSHOTS
from tests.python.helpers import cli

CHARTS = {
    "plays-by-hour",
    "top-songs",
    "top-artists",
    "free-vs-paid",
    "sessions-per-user",
    "revenue-by-country",
    "top-genre-by-country",
    "best-customers",
    "employee-sales",
}
PROBE = """
document.body.setAttribute('data-probe', JSON.stringify(
  Array.prototype.map.call(document.querySelectorAll('figure.chart'), function (figure) {
    var svg = figure.querySelector('svg');
    var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {id: figure.id, width: box.width, height: box.height,
            marks: figure.querySelectorAll('svg .mark').length};
  })));
"""


def test_report_charts_render(built_project, tmp_path):
    out = tmp_path / "report"
    result = cli(built_project.settings, "report", "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out / "index.html"
    text = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', text), "the report loads something"
    chromium = ensure_chromium()
    shot_page = tmp_path / "shot.html"
    shot_page.write_text(text, encoding="utf-8")
    add_probe(page, PROBE)
    with serve(out.parent) as base:
        charts = json.loads(probe_result(dump_dom(chromium, f"{base}/report/index.html")))
        screenshot(
            chromium,
            f"{base}/shot.html",
            SCREENSHOTS / "report.png",
            window="1400,2300",
        )
    assert {chart["id"] for chart in charts} == CHARTS
    for chart in charts:
        assert chart["marks"] > 0 and chart["width"] > 100 and chart["height"] > 50, chart
