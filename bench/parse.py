#!/usr/bin/env python3
"""Parse benchmark: `ldnews --no-cache --list FILE` against `xmllint --stream --noout FILE`
(and sfeed, when installed) on the generated London-Daily-like feed, in one
run, so the ratio is measured on the same machine at the same moment.

    bench/parse.py [--ldnews build/ldnews] [--items 10000] [--seed 1] [--runs 7]

Reports the median wall time and the maximum resident size of each command
(from wait4's rusage, so nothing but the Python standard library is needed).
The feed comes from tests/support/genfeed.py, the repository's own
deterministic generator (--genfeed names another with the same options), and
is kept in bench/out/ for the next run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The repository's own deterministic feed generator.
GENFEED = os.path.join(ROOT, "tests", "support", "genfeed.py")


def measure(cmd, stdin=None):
    """Runs cmd once; returns (seconds, max RSS in MiB)."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t
    if stdin:
        fin.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed with status {status}")
    return dt, ru.ru_maxrss / 1024.0


def bench(name, cmd, runs, stdin=None):
    measure(cmd, stdin)  # warm the page cache and the binary
    times, rss = [], []
    for _ in range(runs):
        t, r = measure(cmd, stdin)
        times.append(t)
        rss.append(r)
    return name, statistics.median(times), min(times), max(rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--genfeed", default=GENFEED,
                    help="feed generator taking --items, --seed and -o (default: %(default)s)")
    ap.add_argument("--items", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    feed = os.path.join(a.out, f"feed-{a.items}-{a.seed}.xml")
    if not os.path.exists(feed):
        subprocess.run([sys.executable, a.genfeed, "--items", str(a.items), "--seed", str(a.seed),
                        "-o", feed], check=True)
    size = os.path.getsize(feed) / (1 << 20)
    print(f"feed: {feed} ({size:.1f} MiB, {a.items} items), {a.runs} runs each, median wall time")

    # The pipeline alone: --no-cache (bench/cache.py measures the cache).
    rows = [bench("xmllint --stream --noout", ["xmllint", "--stream", "--noout", feed], a.runs),
            bench("ldnews --no-cache --list", [a.ldnews, "--no-cache", "--list", feed], a.runs),
            bench("ldnews --no-cache --list --json",
                  [a.ldnews, "--no-cache", "--list", "--json", feed], a.runs),
            bench("ldnews --no-cache --show 1", [a.ldnews, "--no-cache", "--show", "1", feed],
                  a.runs)]
    if shutil.which("sfeed"):
        rows.append(bench("sfeed < FILE", ["sfeed"], a.runs, stdin=feed))
    ref = rows[0][1]
    print(f"{'command':28} {'median s':>9} {'min s':>7} {'max RSS MiB':>12} {'x xmllint':>10}")
    for name, med, lo, rss in rows:
        print(f"{name:28} {med:9.3f} {lo:7.3f} {rss:12.1f} {med / ref:10.2f}")


main()
