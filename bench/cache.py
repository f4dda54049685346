#!/usr/bin/env python3
"""Cache benchmark: fetch + parse + merge over loopback, the unchanged and
304 paths, and a 100,000-article cache, with xmllint --stream and the
bare parse (ldnews --no-cache --list) on the same file in the same run.

    bench/cache.py [--ldnews build/ldnews] [--runs 5]

Feeds come from tests/support/genfeed.py (--genfeed names another generator
with the same options), kept in bench/out/: the 10,000-item feed of seed 1
for the fetch rows, and twenty 5,000-item feeds (seeds 1..20) for the
100,000-article cache. Every ldnews run reads a config file of the
benchmark's own with `[retention] max-per-feed = 0`, so all 10,000 articles
are stored (the default keeps 5,000; the cold run's count is checked) and
no user's config changes the figures.
The cold run's own list (--offline --list on its cache) and, with the
sqlite3 shell, SQLite writing the same text into a new file take the same
rounds: the floor of the cold row. A loopback HTTP server in this script serves /etag/<file> (ETag and 304)
and /plain/<file> (always 200 with the same bytes, ignoring validators).
Times are medians of wall time (and of user + system CPU time, as the
machine may be shared); memory is the maximum resident size. The machine's
speed drifts over seconds on a shared VM, so xmllint, the bare parses and
the cold run take turns round by round, and the cold run's ratio to
xmllint is also given as the median of the per-round ratios. newsboat
(cold and 304, `-x reload`) is run on the same feed when it is installed. The 304 row
is a whole run (start, refresh, list the 10,000 articles); the refresh alone,
sync_feed() (sync_feeds for one source) inside one process, is timed by
build/tests/bench_store sync (the first call: what a run pays; later ones:
a reader's refresh).
"""
import argparse
import hashlib
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The repository's own deterministic feed generator.
GENFEED = os.path.join(ROOT, "tests", "support", "genfeed.py")


def serve(root):
    files = {}  # name -> (body, etag): read and hashed once, not per request

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            kind, _, name = self.path.lstrip("/").partition("/")
            name = os.path.basename(name)
            if name not in files:
                with open(os.path.join(root, name), "rb") as f:
                    body = f.read()
                files[name] = (body, '"' + hashlib.sha1(body).hexdigest() + '"')
            body, tag = files[name]
            if kind == "etag" and self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            if kind == "etag":
                self.send_header("ETag", tag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def once(cmd):
    """(wall seconds, CPU seconds, max RSS MiB). RSS comes from GNU time: a
    forked child's own rusage would count this (large) Python process's
    pages that it shared until exec."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *cmd], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    err = p.stderr.decode()
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {err}")
    u, s, m = err.strip().splitlines()[-1].split()
    return dt, float(u) + float(s), int(m) / 1024.0


def med(cmd, runs, setup=None):
    ts, cpu, rss = [], [], []
    for _ in range(runs):
        if setup:
            setup()
        t, c, r = once(cmd)
        ts.append(t)
        cpu.append(c)
        rss.append(r)
    return statistics.median(ts), statistics.median(cpu), max(rss)


def interleaved(cases, runs):
    """[(name, cmd, setup)] run in turn, `runs` rounds: rows as med() gives,
    each with its list of wall times last (for ratios within a round)."""
    got = {name: [] for name, _, _ in cases}
    for _ in range(runs):
        for name, cmd, setup in cases:
            if setup:
                setup()
            got[name].append(once(cmd))
    return [(name, statistics.median(x[0] for x in got[name]),
             statistics.median(x[1] for x in got[name]), max(x[2] for x in got[name]),
             [x[0] for x in got[name]]) for name, _, _ in cases]


def articles(db):
    """Articles in a cache, read with Python's own sqlite3."""
    import sqlite3
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        c.close()


def sync_times(bench_store, src, db, n):
    """sync_feed(src) timed inside one process: (first ms, median of the rest)."""
    out = subprocess.run([bench_store, "sync", src, db, str(n)], check=True,
                         capture_output=True, text=True).stdout
    ms = [float(l.split()[1].split("=")[1]) for l in out.splitlines() if l.startswith("sync ")]
    return ms[0], statistics.median(ms[1:])


def newsboat_rows(tmp, plain, etag, runs):
    """newsboat on the same feed, when it is installed (not a dependency of
    ldnews: apt-get install newsboat): cold into an empty cache, then the
    304 path. Its own directory, so its files never mix with ours."""
    nb = shutil.which("newsboat")
    if nb is None:
        print("(newsboat is not installed: its rows are left out)")
        return []
    d = os.path.join(tmp, "newsboat")
    os.makedirs(d, exist_ok=True)
    urls, conf, cache = (os.path.join(d, n) for n in ("urls", "conf", "cache.db"))
    open(conf, "w").close()
    cmd = [nb, "-u", urls, "-c", cache, "-C", conf, "-x", "reload"]

    def fresh(url):
        def setup():
            for f in os.listdir(d):
                if f.startswith("cache.db"):
                    os.unlink(os.path.join(d, f))
            with open(urls, "w") as f:
                f.write(url + "\n")
        return setup

    rows = [("newsboat -x reload: cold (URL)",) + med(cmd, runs, fresh(plain))]
    fresh(etag)()
    once(cmd)
    rows.append(("newsboat -x reload: 304",) + med(cmd, runs))
    return rows


def report(rows, cold_ratio, ncold):
    """The table (wall and CPU medians; ratios of wall times), then the
    cold run's ratio to xmllint taken round by round."""
    ref, bare = rows[0][1], rows[1][1]
    print(f"{'what':40} {'median s':>9} {'cpu s':>7} {'max RSS MiB':>12} {'x xmllint':>10} "
          f"{'x bare':>7}")
    for n, t, c, r in rows:
        print(f"{n:40} {t:9.3f} {c:7.3f} {r:12.1f} {t / ref:10.2f} {t / bare:7.2f}")
    print(f"cold run / xmllint, median of the per-round ratios: {cold_ratio:.2f} "
          f"({ncold} articles stored; issue 15's target: 1.5)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--genfeed", default=GENFEED,
                    help="feed generator taking --items, --seed and -o (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bench-store", default=os.path.join(ROOT, "build", "tests", "bench_store"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--cold-only", action="store_true",
                    help="only the interleaved rounds: xmllint, the bare parses, the cold run")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    def gen(items, seed):
        path = os.path.join(a.out, f"feed-{items}-{seed}.xml")
        if not os.path.exists(path):
            subprocess.run([sys.executable, a.genfeed, "--items", str(items), "--seed", str(seed),
                            "-o", path], check=True)
        return path

    feed10k = gen(10000, 1)
    srv, base = serve(a.out)
    tmp = tempfile.mkdtemp(prefix="ldnews-bench-")
    db = os.path.join(tmp, "cache.db")
    name = os.path.basename(feed10k)
    plain, etag = f"{base}/plain/{name}", f"{base}/etag/{name}"

    # Its own config, outside tmp (which fresh() empties): keep every article.
    conf = os.path.join(tempfile.mkdtemp(prefix="ldnews-bench-conf-"), "config")
    with open(conf, "w") as f:
        f.write("[retention]\nmax-per-feed = 0\n")
    ld = [a.ldnews, "-c", conf]

    def fresh():
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))

    # The machine's speed drifts over seconds (a shared VM): the reference,
    # the bare parses and the cold run take turns, round by round, and the
    # cold run's ratio to xmllint is also taken within each round.
    cases = [
        ("xmllint --stream --noout FILE", ["xmllint", "--stream", "--noout", feed10k], None),
        ("bare parse: --no-cache --list FILE", [*ld, "--no-cache", "--list", feed10k], None),
        ("bare parse: --no-cache --list URL", [*ld, "--no-cache", "--list", plain], None),
        ("cold: fetch+parse+merge (URL)", [*ld, "--cache", db, "--list", plain], fresh),
        # The part of the cold run that lists: the same run reading its cache.
        ("its list alone: --offline --list", [*ld, "--cache", db, "--offline", "--list", plain],
         None),
    ]
    # A floor for the store: SQLite's own cost of writing the same text into
    # a new file the way a first fill does (32 KiB pages, rollback journal,
    # synchronous FULL, one transaction, no index), read from the cold run's
    # cache; the sqlite3 shell, when installed.
    if shutil.which("sqlite3"):
        ref = os.path.join(tmp, "ref.db")
        cases.append(("sqlite3: the same text into a new file", ["sqlite3", ref,
            "PRAGMA page_size = 32768; PRAGMA journal_mode = DELETE; "
            "PRAGMA synchronous = FULL; ATTACH '" + db + "' AS src; "
            "CREATE TABLE t(guid TEXT, link TEXT, title TEXT, summary TEXT, content TEXT); "
            "INSERT INTO t SELECT a.guid, a.link, a.title, a.summary, b.content "
            "FROM src.articles a JOIN src.bodies b ON b.article_id = a.id"],
            lambda: [os.unlink(os.path.join(tmp, f)) for f in os.listdir(tmp)
                     if f.startswith("ref.db")]))
    rows = interleaved(cases, a.runs)
    cold_ratio = statistics.median(c / x for x, c in zip(rows[0][4], rows[3][4]))
    ncold = articles(db)
    if ncold != 10000:
        sys.exit(f"bench: the cold run stored {ncold} articles, not 10000 (max-per-feed?)")
    rows = [r[:4] for r in rows]
    if a.cold_only:
        report(rows, cold_ratio, ncold)
        srv.shutdown()
        shutil.rmtree(tmp)
        shutil.rmtree(os.path.dirname(conf))
        return
    once([*ld, "--cache", db, "--list", plain])
    rows.append(("again, same bytes, 200",) + med([*ld, "--cache", db, "--list", plain], a.runs))
    once([*ld, "--cache", db, "--list", etag])
    rows.append(("again, 304 Not Modified",) + med([*ld, "--cache", db, "--list", etag], a.runs))
    first, later = sync_times(a.bench_store, etag, db, 6)
    size10k = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp))
    n10k = articles(db)
    # 100,000 articles: twenty feeds of 5,000 in one cache.
    feeds = [gen(5000, seed) for seed in range(1, 21)]
    fresh()
    t = time.perf_counter()
    for f in feeds:
        once([*ld, "--cache", db, "--list", f])
    fill = time.perf_counter() - t
    rows.append(("100k cached: --offline --list",) + med([*ld, "--cache", db, "--offline", "--list"] + feeds, a.runs))
    rows.append(("100k cached: --offline --tag X --list",) + med([*ld, "--cache", db, "--offline", "--tag", "Housing", "--list"] + feeds, a.runs))
    rows.append(("100k cached: --offline --find --list",) + med([*ld, "--cache", db, "--offline", "--find", "borough", "--list"] + feeds, a.runs))
    size100k = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp))
    n100k = articles(db)
    rows += newsboat_rows(tmp, plain, etag, a.runs)
    srv.shutdown()
    report(rows, cold_ratio, ncold)
    print(f"the 304 refresh alone (sync_feed in process): {first:.1f} ms the first in a "
          f"process, {later:.1f} ms after")
    print(f"filling 100k (20 feeds, one --list run each): {fill:.1f} s")
    print(f"cache size: {size10k / 1e6 / (n10k / 1000):.2f} MB per 1,000 articles "
          f"({n10k} articles: the 10k feed under two URLs), "
          f"{size100k / 1e6 / (n100k / 1000):.2f} MB per 1,000 ({n100k} articles)")
    shutil.rmtree(tmp)
    shutil.rmtree(os.path.dirname(conf))


if __name__ == "__main__":
    main()
