#!/usr/bin/env python3
"""A thousand feeds into an empty cache (issue 15's target: at most 3x the
time of `curl --parallel --parallel-max 8` fetching the same URLs, at most
60 MB of memory).

    bench/thousand.py [--ldnews build/ldnews] [--feeds 1000] [--items 50] [--runs 3]
                      [--servers N] [--baseline OLD/ldnews]

Feeds come from tests/support/genfeed.py (seeds 1..--feeds, --items each,
about 0.33 MB a feed at 50 items) and are kept in bench/out/. They are served
from memory by many.py's loopback server (keep-alive, ETags) on 127.0.0.1 to
127.0.0.4, one port; `--servers N` runs it as N processes (each a threaded
server on every address, SO_REUSEPORT) for when one Python process cannot
keep up. Each round runs, interleaved, from an empty directory each time:

  curl     `curl --parallel --parallel-max 8 -K LIST`, every body to a file
  ldnews   `ldnews --cache DB --list URL...` (8 connections, 2 per host:
           the defaults), the list to /dev/null
  config   the same feeds from a config file of 1,000 [feed] sections
           (`ldnews -c FILE --cache DB --list`)
  baseline with --baseline BIN: that ldnews as `ldnews` is run

and prints the median wall time of each, ldnews over curl, and the largest
maximum RSS of each (time(1)'s %M). The machine may be
shared: the ratios within one round are what count.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
import many  # noqa: E402  (the loopback server and the environment)
import genfeed  # noqa: E402

HOSTS = 4


def run(cmd, env, tmp):
    """Wall seconds and maximum RSS (MiB) of one command; exits on failure.
    The RSS comes from time(1): a child's own getrusage would count this
    process's memory (the feeds it serves), which it has until its exec."""
    rssf = os.path.join(tmp, "rss")
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rssf] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} ... failed ({p.returncode}): "
                 f"{p.stderr.decode(errors='replace')[:500]}")
    with open(rssf) as f:
        return dt, int(f.read().split()[-1]) / 1024


def generate(out, feeds, items):
    names = []
    for s in range(1, feeds + 1):
        name = f"feed-{items}-{s}.xml"
        path = os.path.join(out, name)
        if not os.path.exists(path):
            genfeed.write_feed(path, items, seed=s)
        names.append(name)
    return names


def serve_procs(files, nproc):
    """nproc forked copies of many.py's server, each on every address at one
    port (SO_REUSEPORT spreads connections over them)."""
    class Reuse(many.Server):
        def server_bind(self):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            super().server_bind()

    for _ in range(50):
        socks = []
        try:
            first = Reuse(("127.0.0.1", 0), many.Handler)
            port = first.server_address[1]
            socks.append(first)
            for i in range(2, HOSTS + 1):
                socks.append(Reuse(("127.0.0.%d" % i, port), many.Handler))
        except OSError:
            for s in socks:
                s.server_close()
            continue
        break
    else:
        sys.exit("bench: no port free on every loopback address")
    pids = []
    for k in range(nproc):
        pid = os.fork()
        if pid == 0:
            import threading
            mine = socks if k == 0 else [Reuse((s.server_address[0], port), many.Handler)
                                         for s in socks]
            for s in mine:
                s.files = files
                threading.Thread(target=s.serve_forever, daemon=True).start()
            threading.Event().wait()
            os._exit(0)
        pids.append(pid)
    return pids, port


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--servers", type=int, default=1,
                    help="server processes (default 1: a threaded one)")
    ap.add_argument("--baseline", help="another ldnews (an older build) run the same way, "
                    "in the same rounds: the before of a change")
    ap.add_argument("--only", choices=("curl", "ldnews", "config", "baseline"), action="append",
                    help="run only these (repeatable; default all)")
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if shutil.which("curl") is None:
        sys.exit("bench: curl(1) is needed (scripts/bootstrap installs it)")
    names = generate(a.out, a.feeds, a.items)
    files = {}
    for name in names:
        with open(os.path.join(a.out, name), "rb") as f:
            body = f.read()
        files["/" + name] = (body, '"%d-%s"' % (len(body), name))
    mb = sum(len(b) for b, _ in files.values()) / 1e6
    if a.servers > 1:
        pids, port = serve_procs(files, a.servers)
        servers = []
    else:
        servers, port = many.serve(files, HOSTS)
        pids = []
    urls = ["http://127.0.0.%d:%d/%s" % (1 + i % HOSTS, port, n) for i, n in enumerate(names)]
    try:
        measure(a, urls, mb, servers)
    finally:
        for pid in pids:
            os.kill(pid, 15)
            os.waitpid(pid, 0)


def measure(a, urls, mb, servers):

    tmp = tempfile.mkdtemp(prefix="ldnews-thousand-")
    env = many.scrub_env(tmp)
    work = os.path.join(tmp, "run")
    curl_list = os.path.join(tmp, "curl.cfg")
    with open(curl_list, "w") as f:
        for i, u in enumerate(urls):
            f.write(f'url = "{u}"\noutput = "{work}/{i}.xml"\n')
    conf = os.path.join(tmp, "config.ini")
    with open(conf, "w") as f:
        for u in urls:
            f.write(f"[feed]\nurl = {u}\n\n")
    db = os.path.join(work, "cache.db")

    def fresh():
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)

    kinds = {
        "curl": ["curl", "-s", "-f", "--parallel", "--parallel-max", "8", "-K", curl_list],
        "ldnews": [a.ldnews, "--cache", db, "--list"] + urls,
        "config": [a.ldnews, "-c", conf, "--cache", db, "--list"],
    }
    if a.baseline:
        kinds["baseline"] = [a.baseline, "--cache", db, "--list"] + urls
    order = [k for k in kinds if not a.only or k in a.only]
    # Warm up: the server's threads, the page cache, the binaries.
    fresh()
    run(["curl", "-s", "-f", "-o", os.path.join(work, "w"), urls[0]], env, tmp)
    if any(k != "curl" for k in order):
        run([a.ldnews, "--no-cache", "--list", urls[0]], env, tmp)
    times = {k: [] for k in order}
    rss = {k: 0.0 for k in order}
    for r in range(a.runs):
        for k in order:
            fresh()
            dt, m = run(kinds[k], env, tmp)
            times[k].append(dt)
            rss[k] = max(rss[k], m)
            print(f"round {r + 1}: {k:7} {dt:7.3f} s {m:7.1f} MiB", file=sys.stderr)
    for s in servers:
        s.shutdown()
        s.server_close()
    shutil.rmtree(tmp)

    print(f"{a.feeds} feeds x {a.items} items ({mb:.0f} MB of XML) over {HOSTS} loopback hosts, "
          f"{'%d server processes' % a.servers if a.servers > 1 else 'one server process'}, "
          f"median of {a.runs}")
    ref = statistics.median(times["curl"]) if "curl" in times else None
    print(f"{'what':10} {'median s':>9} {'x curl':>7} {'max RSS MiB':>12}")
    for k in order:
        t = statistics.median(times[k])
        ratio = f"{t / ref:7.2f}" if ref else f"{'-':>7}"
        print(f"{k:10} {t:9.3f} {ratio} {rss[k]:12.1f}")


if __name__ == "__main__":
    main()
