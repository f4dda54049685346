#!/usr/bin/env python3
"""The reader's refresh with a cache, every feed a 304: 100 feeds of 50
items (the loopback test server's /gen/<seed>/50, ETag and 304), timed
inside one process by build/tests/bench_refresh, which drives the
reader's worker (refresh.h) without a terminal.

    bench/refresh.py [--bench build/tests/bench_refresh] [--feeds 100]
                     [--items 50] [--runs 5] [--one-changed]

Run 0 fills an empty cache; runs 1..RUNS are forced refreshes (the
reader's `R`) in which every feed answers 304. Prints each run's wall time
and messages, and the median of runs 1..RUNS; the target (issue 15) is
<= 0.5 s and nothing changed (no article re-read). With --one-changed the first feed is the
server's /alias/bench, pointed at another generated feed before each run:
it is merged, the 99 others answer 304.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from ldntest import TestServer  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=os.path.join(ROOT, "build", "tests", "bench_refresh"))
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--one-changed", action="store_true")
    a = ap.parse_args()
    srv = TestServer(os.path.join(ROOT, "tests", "data"))
    try:
        with tempfile.TemporaryDirectory(prefix="ldnews-bench-refresh-") as d:
            urls = os.path.join(d, "urls")
            args = [a.bench, os.path.join(d, "cache.db"), urls, str(a.runs)]
            with open(urls, "w") as f:
                for i in range(a.feeds):
                    if i == 0 and a.one_changed:
                        f.write(f"{srv.base}/alias/bench\n")
                        # Seeds 1000, 1001, ...: none of the other feeds'.
                        args.append(f"{srv.base}/control/alias/bench?to=/gen/100%u/{a.items}")
                        urllib.request.urlopen(args[-1].replace("%u", "0")).read()
                    else:
                        f.write(f"{srv.base}/gen/{i + 1}/{a.items}\n")
            out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    finally:
        srv.stop()
    print(out, end="")
    times = [float(m.group(2)) for m in re.finditer(r"run (\d+): ([\d.]+) s", out)
             if m.group(1) != "0"]
    what = "one changed, the others 304" if a.one_changed else "all 304"
    print(f"{a.feeds} feeds x {a.items} items, {what}: median {statistics.median(times):.3f} s"
          f" over {len(times)} runs")


if __name__ == "__main__":
    main()
