#!/usr/bin/env python3
"""Many-feeds benchmark: refreshing 200 feeds of 100 items from a loopback
server with ldnews (all at once: at most 8 connections, 2 per host) against
the same 200 fetches one after another with curl(1), in the same run; and
the fetch + parse + merge of one 10,000-item feed over loopback HTTP with
ldnews against newsboat's `-x reload` (a row left out when newsboat is not
installed; it is not a dependency: apt-get install newsboat).

    bench/many.py [--ldnews build/ldnews] [--runs 3]

Feeds come from tests/support/genfeed.py (--genfeed names another generator
with the same options) and are kept in bench/out/: London-Daily-like items
with 5-6 KB bodies, seeds 1..200 with 100 items each, and the 10,000-item
feed of seed 1. The server here holds them in memory, answers with an ETag
(304 to If-None-Match) and listens on 127.0.0.1 to 127.0.0.4 (one port),
so the 200 feeds are spread over four hosts, as a reader's feeds are over
many sites. Times are medians of wall time over --runs runs; every cold
run starts from an empty cache.
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
HOSTS = 4
NFEEDS = 200


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def do_GET(self):
        entry = self.server.files.get(self.path)
        if entry is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, tag = entry
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", tag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def serve(files, hosts=HOSTS):
    """Listens on 127.0.0.1..hosts at one port; returns (servers, port)."""
    for _ in range(50):
        first = Server(("127.0.0.1", 0), Handler)
        port = first.server_address[1]
        servers = [first]
        try:
            for i in range(2, hosts + 1):
                servers.append(Server(("127.0.0.%d" % i, port), Handler))
        except OSError:
            for s in servers:
                s.server_close()
            continue
        for s in servers:
            s.files = files
            threading.Thread(target=s.serve_forever, daemon=True).start()
        return servers, port
    sys.exit("bench: no port free on every loopback address")


def scrub_env(tmp):
    """An environment whose HOME and XDG directories are under tmp and that
    sends nothing through a proxy."""
    env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, "data"),
               XDG_CONFIG_HOME=os.path.join(tmp, "config"), no_proxy="*", NO_PROXY="*")
    for v in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env.pop(v, None)
    return env


def timed(cmd, env=None):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} ... failed: {p.stderr.decode()[:500]}")
    return dt


def med(fn, runs, setup=None):
    ts = []
    for _ in range(runs):
        if setup:
            setup()
        ts.append(fn())
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--genfeed", default=GENFEED,
                    help="feed generator taking --items, --seed and -o (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if shutil.which("curl") is None:
        sys.exit("bench: curl(1) is needed (scripts/bootstrap installs it)")

    def gen(items, seed):
        path = os.path.join(a.out, f"feed-{items}-{seed}.xml")
        if not os.path.exists(path):
            subprocess.run([sys.executable, a.genfeed, "--items", str(items), "--seed", str(seed),
                            "-o", path], check=True)
        return path

    files = {}
    for name in [os.path.basename(gen(100, s)) for s in range(1, NFEEDS + 1)] + \
            [os.path.basename(gen(10000, 1))]:
        with open(os.path.join(a.out, name), "rb") as f:
            body = f.read()
        files["/" + name] = (body, '"%s"' % hashlib.sha1(body).hexdigest())
    servers, port = serve(files)
    urls = ["http://127.0.0.%d:%d/feed-100-%d.xml" % (1 + i % HOSTS, port, i + 1)
            for i in range(NFEEDS)]
    url10k = "http://127.0.0.1:%d/feed-10000-1.xml" % port
    mb = sum(len(files["/feed-100-%d.xml" % (i + 1)][0]) for i in range(NFEEDS)) / 1e6

    tmp = tempfile.mkdtemp(prefix="ldnews-many-")
    env = scrub_env(tmp)
    db = os.path.join(tmp, "cache.db")
    ld = a.ldnews

    def fresh():
        for f in os.listdir(tmp):
            p = os.path.join(tmp, f)
            if os.path.isfile(p):
                os.unlink(p)

    # Warm up: the server's threads, the page cache, the binaries.
    timed(["curl", "-s", "-o", "/dev/null", urls[0]], env)
    timed([ld, "--no-cache", "--list", urls[0]], env)

    rows = []

    def curl_each():
        t = time.perf_counter()
        for u in urls:
            subprocess.run(["curl", "-s", "-f", "-o", "/dev/null", u], env=env, check=True)
        return time.perf_counter() - t

    one_curl = ["curl", "-s", "-f"]
    for u in urls:
        one_curl += [u, "-o", "/dev/null"]
    rows.append(("curl: 200 runs, one after another", med(curl_each, a.runs)))
    rows.append(("curl: one run, 200 URLs in sequence", med(lambda: timed(one_curl, env), a.runs)))
    rows.append(("curl --parallel (max 8): 200 URLs",
                 med(lambda: timed(one_curl[:1] + ["--parallel", "--parallel-max", "8"] +
                                   one_curl[1:], env), a.runs)))
    rows.append(("ldnews --no-cache: fetch+parse 200",
                 med(lambda: timed([ld, "--no-cache", "--list"] + urls, env), a.runs)))
    rows.append(("ldnews: fetch+parse+merge 200 (cold)",
                 med(lambda: timed([ld, "--cache", db, "--list"] + urls, env), a.runs, fresh)))
    timed([ld, "--cache", db, "--list"] + urls, env)
    rows.append(("ldnews: again, 200 x 304",
                 med(lambda: timed([ld, "--cache", db, "--list"] + urls, env), a.runs)))

    big = []
    big.append(("ldnews: 10,000 items, fetch+parse+merge",
                med(lambda: timed([ld, "--cache", db, "--list", url10k], env), a.runs, fresh)))
    big.append(("ldnews --no-cache: 10,000 items, fetch+parse",
                med(lambda: timed([ld, "--no-cache", "--list", url10k], env), a.runs)))
    nb = shutil.which("newsboat")
    if nb is not None:
        urlfile = os.path.join(tmp, "urls")
        conf = os.path.join(tmp, "newsboat.conf")

        def nb_fresh():
            fresh()
            with open(urlfile, "w") as f:
                f.write(url10k + "\n")
            open(conf, "w").close()

        big.append(("newsboat -x reload: 10,000 items",
                    med(lambda: timed([nb, "-u", urlfile, "-c", os.path.join(tmp, "nb.db"),
                                       "-C", conf, "-x", "reload"], env), a.runs, nb_fresh)))
    for s in servers:
        s.shutdown()
        s.server_close()
    shutil.rmtree(tmp)

    print(f"200 feeds x 100 items ({mb:.0f} MB of XML) over {HOSTS} loopback hosts, "
          f"median of {a.runs}")
    ref = rows[0][1]
    print(f"{'what':42} {'median s':>9} {'x curl runs':>12}")
    for n, t in rows:
        print(f"{n:42} {t:9.3f} {t / ref:12.2f}")
    print(f"\nthe 10,000-item feed ({len(files['/feed-10000-1.xml'][0]) / 1e6:.0f} MB) over "
          f"loopback HTTP, median of {a.runs}")
    ref = big[0][1]
    print(f"{'what':42} {'median s':>9} {'x ldnews':>12}")
    for n, t in big:
        print(f"{n:42} {t:9.3f} {t / ref:12.2f}")
    if nb is None:
        print("(newsboat is not installed: its row is left out)")


if __name__ == "__main__":
    main()
