"""`sparkify bench`: the project's speed, measured against the row-by-row baseline and the
bare-COPY floor in the same run on the same server."""
