#!/usr/bin/env python3
"""A million cached articles: what reading them costs, against the same
reads over a 51-article cache in the same run.

    bench/big.py [--ldnews build/ldnews] [--bench-big build/tests/bench_big] [--runs 5]

Caches are made by bench_big (bench/bench_big.c: synthetic articles with
1.2 KB bodies, two tags each, every one indexed for search) and kept in
bench/out/: 51 articles (one feed), 100,000 (100 feeds x 1,000) and
1,000,000 (100 feeds x 10,000); the million takes several minutes to make
the first time. For each cache:

- `ldnews --offline --list FEED...` (the cache's feeds on the command
  line): time to the first line of output, time to the last, and the
  maximum resident memory (GNU time), medians of --runs;
- `bench_big ops`: inside one process, the reader model (model.h): its
  first screen, a tag filter, each keystroke of a search, opening an
  article, every row found, with the peak memory then; and the cache's own
  costs: open, the reader's first screen (store_load_head, 50 rows), one body, a full
  stream of every article in view order, a full-text search, and loading
  every article into memory (store_load, what the reader's refresh worker
  does on its first run today) with the peak memory after each.
"""
import argparse
import os
import select
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
CACHES = [("51", 1, 51), ("100k", 100, 1000), ("1m", 100, 10000)]


def feed_urls(n):
    return [f"https://big.example/feed/{i}.xml" for i in range(n)]


def make(bench_big, name, feeds, items):
    db = os.path.join(OUT, f"big-{name}.db")
    if not os.path.exists(db):
        print(f"making {db} ({feeds} x {items})...", file=sys.stderr, flush=True)
        subprocess.run([bench_big, "fill", db + ".tmp", str(feeds), str(items)], check=True,
                       stdout=subprocess.DEVNULL)
        os.rename(db + ".tmp", db)
    return db


def list_once(ldnews, db, urls, env):
    """(seconds to the first line, seconds to the end, max RSS MiB)."""
    cmd = ["/usr/bin/time", "-f", "%M", ldnews, "--offline", "--list", "--cache", db, *urls]
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = None
    fd = p.stdout.fileno()
    while True:
        select.select([fd], [], [])
        chunk = os.read(fd, 1 << 16)
        if first is None and b"\n" in chunk:
            first = time.perf_counter() - t
        if not chunk:
            break
    p.wait()
    end = time.perf_counter() - t
    err = p.stderr.read().decode()
    if p.returncode != 0:
        sys.exit(f"big: {' '.join(cmd[:6])}... failed: {err}")
    return first, end, int(err.strip().splitlines()[-1]) / 1024.0


def ops(bench_big, db, feeds):
    out = subprocess.run([bench_big, "ops", db, str(feeds)], check=True, capture_output=True,
                         text=True).stdout
    got = {}
    for line in out.splitlines():
        what, *kv = line.split()
        got[what] = dict(x.split("=") for x in kv)
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--bench-big", default=os.path.join(ROOT, "build", "tests", "bench_big"))
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC",
               XDG_CONFIG_HOME=os.path.join(OUT, "big-config"))
    rows = []
    for name, feeds, items in CACHES:
        db = make(a.bench_big, name, feeds, items)
        urls = feed_urls(feeds)
        runs = [list_once(a.ldnews, db, urls, env) for _ in range(a.runs)]
        first = statistics.median(r[0] for r in runs)
        end = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        o = ops(a.bench_big, db, feeds)
        rows.append((name, first, end, rss, o))
        print(f"{name:>5}: --offline --list first line {first * 1e3:.1f} ms, all "
              f"{end:.2f} s, max RSS {rss:.1f} MiB | open {o['open']['ms']} ms, first "
              f"screen {o['first_screen']['ms']} ms, body {o['open_article']['ms']} ms, "
              f"stream {o['stream']['ms']} ms (RSS {int(o['stream']['maxrss_kb']) / 1024:.1f}"
              f" MiB), search {o['search']['ms']} ms ({o['search']['hits']} hits), "
              f"load all {o['load_all']['ms']} ms (RSS "
              f"{int(o['load_all']['maxrss_kb']) / 1024:.1f} MiB)", flush=True)
        keys = [float(o[k]["ms"]) for k in o if k.startswith("model_key_")]
        print(f"{name:>5}: model: first screen {o['model_first_screen']['ms']} ms, tag filter "
              f"{o['model_tag_filter']['ms']} ms, search keystrokes median "
              f"{statistics.median(keys):.1f} ms (max {max(keys):.1f}), open "
              f"{o['model_open_article']['ms']} ms, every row "
              f"{o['model_all_rows']['ms']} ms (RSS "
              f"{int(o['model_all_rows']['maxrss_kb']) / 1024:.1f} MiB)", flush=True)
    base = rows[0]
    for name, first, end, rss, o in rows[1:]:
        print(f"{name} / 51: first line {first / base[1]:.2f}x "
              f"(+{(first - base[1]) * 1e3:.1f} ms), max RSS {rss / base[3]:.2f}x")


if __name__ == "__main__":
    main()
