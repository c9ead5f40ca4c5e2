"""`python -m loader.bench.peak_rss OUT_FILE CMD...`: run CMD, write its peak RSS in KiB.

A fresh, small interpreter launches the command, so the figure is the command's own:
a child forked straight from a large process (a test runner) starts out counting the
parent's pages.
"""

from __future__ import annotations

import resource
import subprocess
import sys


def main() -> int:
    out_file, *command = sys.argv[1:]
    returncode = subprocess.call(command)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out_file, "w") as handle:
        handle.write(str(peak_kib))
    return returncode


if __name__ == "__main__":
    sys.exit(main())
