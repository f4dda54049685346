#!/usr/bin/env python3
"""Key-to-redraw times measured inside the reader: a build with
-Dframe_timing=true prints, for every key, how long handling it took and
how long the redraw took (CLOCK_MONOTONIC). tmux only drives the keys.

    bench/ui_frames.py [--build build-timing] [--items 50000] [--rounds 5]

Actions: open an article (Enter), page down (PgDn), apply a tag filter
(Enter in the tag pane), each keystroke of a search ("winter"); also the
first and later openings of the tag pane. The target for each is one
frame, 16 ms. The feed is bench/out/feed-<items>-1.xml, made by
tests/support/genfeed.py when missing (--feed FILE reads another).

    bench/ui_frames.py --cached [--rounds 5]

The same keys over the 100,000-article cache below (--offline): there a
search goes through the cache's full-text index instead of the bodies.

    bench/ui_frames.py --big {51,100k,1m} [--rounds 5] [--runs 5]

The reader over bench/big.py's caches (bench/out/big-*.db: 51 articles,
100,000 or 1,000,000, made by bench/big.py), --offline: the start-up to
the first drawn list, the same keys (the search types "weather"), and the
reader's peak resident memory (VmHWM) at the end.

    bench/ui_frames.py --first-frame [--runs 5]

Start-up instead: a cache of 100,000 articles (twenty 5,000-item feeds of
tests/support/genfeed.py, seeds 1..20, made in bench/out/ when missing) and
the time from just before exec to the first drawn list (the build prints it,
from LDN_FRAME_T0 set here), with the background refresh of the twenty feeds
and with --offline. The target is 50 ms.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
# The repository's own deterministic feed generator.
GENFEED = os.path.join(ROOT, "tests", "support", "genfeed.py")


def feed_file(items, seed):
    """bench/out/feed-<items>-<seed>.xml, made when missing and kept: the
    other benches use the same files."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"feed-{items}-{seed}.xml")
    if not os.path.exists(path):
        subprocess.run([sys.executable, GENFEED, "--items", str(items), "--seed", str(seed),
                        "-o", path], check=True)
    return path


def cache_100k(ld):
    """The 100,000-article cache (kept in bench/out/ for the next run: it
    takes a minute to make) and its twenty feeds."""
    feeds = [feed_file(5000, seed) for seed in range(1, 21)]
    db = os.path.join(OUT, "first-frame-100k.db")
    if not os.path.exists(db):
        for f in feeds:
            subprocess.run([ld, "--cache", db, "--list", f], check=True,
                           stdout=subprocess.DEVNULL)
        # Index the bodies too, as a reader's refresh does: the cache as it
        # is after use, not a half-built one.
        subprocess.run([ld, "--cache", db, "--offline", "--find", "zzzz", "--list"] + feeds,
                       stdout=subprocess.DEVNULL)
    return db, feeds


def big_cache(size):
    """bench/big.py's cache of `size` articles and its feeds' URLs."""
    db = os.path.join(OUT, f"big-{size}.db")
    if not os.path.exists(db):
        sys.exit(f"{db}: missing (bench/big.py makes it)")
    n = 1 if size == "51" else 100
    return db, [f"https://big.example/feed/{i}.xml" for i in range(n)]


def first_frames(a, ld, db=None, feeds=None, offline_only=False):
    """Start-up to the first drawn list over a cache (by default the
    100,000-article one)."""
    if db is None:
        db, feeds = cache_100k(ld)
    tmp = tempfile.mkdtemp(prefix="ldnews-first-")
    n = subprocess.run([ld, "--cache", db, "--offline", "--list"] + feeds, check=True,
                       capture_output=True).stdout.count(b"\n")
    # exec'd from a tiny Python: LDN_FRAME_T0 is taken right before exec.
    stamp = ("import os, sys, time; os.environ['LDN_FRAME_T0'] = "
             "str(time.clock_gettime_ns(time.CLOCK_MONOTONIC)); os.execv(sys.argv[1], sys.argv[1:])")
    res = {}
    modes = (("with refresh", []), ("--offline", ["--offline"]))
    for mode, extra in modes[1:] if offline_only else modes:
        for r in range(a.runs):
            log = os.path.join(tmp, f"log-{mode[0]}{r}")
            open(log, "w").close()
            # A server per run: a new one on the old socket may still meet
            # the old one on its way out.
            sock = f"ldnews-first-{os.getpid()}-{mode[0]}{r}"
            tm = lambda *args: subprocess.run(["tmux", "-L", sock, *args],
                                              capture_output=True, text=True).stdout
            cmd = " ".join([sys.executable, "-c", '"' + stamp + '"', ld, "--cache", db] + extra + feeds)
            tm("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
               f"env TERM=screen-256color LC_ALL=C.UTF-8 {cmd} 2>{log}; touch {log}.exit")
            for _ in range(100):
                time.sleep(0.1)
                with open(log) as f:
                    lines = [l.split() for l in f if l.startswith("first_frame ")]
                if lines:
                    break
            time.sleep(0.5)  # let the refresh run a little before quitting
            tm("send-keys", "-t", "t", "q")
            # Quitting waits for the refresh under way: the next run must
            # not share the machine with it.
            for _ in range(600):
                if os.path.exists(log + ".exit"):
                    break
                time.sleep(0.1)
            tm("kill-server")
            if not lines:
                with open(log) as f:
                    sys.exit("bench: no first_frame line (is the build -Dframe_timing=true?): " + f.read())
            ms = float(lines[0][1].split("=")[1])
            rows = int(lines[0][2].split("=")[1])
            res.setdefault(mode, []).append((ms, rows))
    shutil.rmtree(tmp)
    print(f"start-up to the first drawn list, {n} cached articles, ms ({a.runs} runs)")
    print(f"{'mode':14} {'median':>8} {'max':>8} {'rows':>5}")
    for mode, v in res.items():
        ms = [x for x, _ in v]
        print(f"{mode:14} {statistics.median(ms):8.2f} {max(ms):8.2f} {v[0][1]:5}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-timing"))
    ap.add_argument("--items", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--feed", default=None)
    ap.add_argument("--detail", action="store_true", help="search figures per letter")
    ap.add_argument("--first-frame", action="store_true",
                    help="start-up to the first list over a 100,000-article cache")
    ap.add_argument("--runs", type=int, default=5, help="with --first-frame")
    ap.add_argument("--big", choices=("51", "100k", "1m"),
                    help="the reader over bench/big.py's cache of this size")
    ap.add_argument("--cached", action="store_true",
                    help="the keys over the 100,000-article cache (--offline), where "
                    "search goes through the full-text index")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.build, "build.ninja")):
        subprocess.run(["meson", "setup", a.build, "-Dframe_timing=true"], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", a.build], check=True, stdout=subprocess.DEVNULL)
    if a.first_frame:
        first_frames(a, os.path.join(a.build, "ldnews"))
        return
    word = "winter"
    if a.big:
        db, feeds = big_cache(a.big)
        if a.runs > 0:
            first_frames(a, os.path.join(a.build, "ldnews"), db, feeds, offline_only=True)
        feed = f"bench/out/big-{a.big}.db ({len(feeds)} feeds)"
        args = f"--cache {db} --offline " + " ".join(feeds)
        loaded, word = "unread", "weather"
    elif a.cached:
        db, feeds = cache_100k(os.path.join(a.build, "ldnews"))
        feed = f"the 100,000-article cache ({len(feeds)} feeds)"
        args = f"--cache {db} --offline " + " ".join(feeds)
        loaded = "100000/100000"
    else:
        feed = a.feed or feed_file(a.items, 1)
        if not os.path.exists(feed):
            sys.exit(f"{feed}: missing")
        args, loaded = f"--no-cache {feed}", "refreshed"
    log = tempfile.NamedTemporaryFile(prefix="ldnews-frames-", delete=False).name
    sock = f"ldnews-frames-{os.getpid()}"
    tm = lambda *args: subprocess.run(["tmux", "-L", sock, *args], capture_output=True,
                                      text=True).stdout
    ld = os.path.join(a.build, "ldnews")
    tm("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
       f"env TERM=screen-256color LC_ALL=C.UTF-8 {ld} {args} 2>{log}")
    while loaded not in tm("capture-pane", "-p", "-t", "t"):
        time.sleep(0.2)
    actions = []

    def key(name, *k):
        tm("send-keys", "-t", "t", *k)
        actions.append(name)
        time.sleep(0.3)

    for r in range(a.rounds):
        key("open article", "Enter")
        key(None, "q")
        key("page down", "PgDn")
        key(None, "g")
        key("tag pane (first)" if r == 0 else "tag pane", "t")
        key("tag filter", "Enter")
        key(None, "T")
        key(None, "Escape")
        key(None, "/")
        for ch in word:
            key("search keystroke", "-l", ch)
            actions[-1] = f"search '{ch}'" if a.detail else "search keystroke"
        key(None, "Escape")
        time.sleep(1)
    pid = tm("display", "-p", "-t", "t", "#{pane_pid}").strip()
    hwm = None
    if a.big and pid:
        # The shell's child, or the pane's process itself after an exec.
        kids = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
        for p in kids + [pid]:
            try:
                with open(f"/proc/{p}/status") as f:
                    st = f.read()
            except OSError:
                continue
            if "ldnews" in open(f"/proc/{p}/comm").read():
                hwm = [l for l in st.splitlines() if l.startswith("VmHWM")][0]
    tm("kill-server")
    with open(log) as f:
        frames = [l.split() for l in f if l.startswith("frame ")]
    os.unlink(log)
    if len(frames) != len(actions):
        # Keys typed into a prompt while the reader was busy are taken
        # together (ui_drain_typing): one frame for both. The frames are
        # then not paired with actions: all of them, and the memory.
        ms = [float(f[2].split("=")[1]) + float(f[3].split("=")[1]) for f in frames]
        print(f"{len(frames)} frames for {len(actions)} keys (keys typed together); "
              f"key handling + redraw, ms: median {statistics.median(ms):.2f}, max {max(ms):.2f}")
        if hwm:
            print(f"reader's peak memory: {hwm.split(':')[1].strip()}")
        return
    by = {}
    for name, fr in zip(actions, frames):
        if name:
            ms = float(fr[2].split("=")[1]) + float(fr[3].split("=")[1])
            by.setdefault(name, []).append(ms)
    print(f"{os.path.basename(feed) if not a.cached else feed}: key handling + redraw, ms "
          f"({a.rounds} rounds)")
    print(f"{'action':20} {'median':>8} {'max':>8} {'n':>4}")
    for name, v in by.items():
        print(f"{name:20} {statistics.median(v):8.2f} {max(v):8.2f} {len(v):4}")
    if hwm:
        print(f"reader's peak memory: {hwm.split(':')[1].strip()}")


main()
