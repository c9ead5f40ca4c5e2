"""`sparkify report`: a self-contained static HTML report with inline SVG charts."""

from pathlib import Path

# Where `sparkify report` and `sparkify run` write index.html, relative to the project.
REPORT_DIR = Path("target/report")
