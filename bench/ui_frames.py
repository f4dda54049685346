#!/usr/bin/env python3
"""Key-to-redraw times measured inside the reader: a build with
-Dframe_timing=true prints, for every key, how long handling it took and
how long the redraw took (CLOCK_MONOTONIC). tmux only drives the keys.

    bench/ui_frames.py [--build build-timing] [--items 50000] [--rounds 5]

Actions: open an article (Enter), page down (PgDn), apply a tag filter
(Enter in the tag pane), each keystroke of a search ("winter"); also the
first and later openings of the tag pane. The target for each is one
frame, 16 ms.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-timing"))
    ap.add_argument("--items", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--feed", default=None)
    ap.add_argument("--detail", action="store_true", help="search figures per letter")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.build, "build.ninja")):
        subprocess.run(["meson", "setup", a.build, "-Dframe_timing=true"], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", a.build], check=True, stdout=subprocess.DEVNULL)
    feed = a.feed or os.path.join(HERE, "out", f"feed-{a.items}-1.xml")
    if not os.path.exists(feed):
        sys.exit(f"{feed}: missing (bench/ui.py or genfeed.py makes it)")
    log = tempfile.NamedTemporaryFile(prefix="ldnews-frames-", delete=False).name
    sock = f"ldnews-frames-{os.getpid()}"
    tm = lambda *args: subprocess.run(["tmux", "-L", sock, *args], capture_output=True,
                                      text=True).stdout
    ld = os.path.join(a.build, "ldnews")
    tm("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
       f"env TERM=screen-256color LC_ALL=C.UTF-8 {ld} --no-cache {feed} 2>{log}")
    while "refreshed" not in tm("capture-pane", "-p", "-t", "t"):
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
        for ch in "winter":
            key("search keystroke", "-l", ch)
            actions[-1] = f"search '{ch}'" if a.detail else "search keystroke"
        key(None, "Escape")
        time.sleep(1)
    tm("kill-server")
    with open(log) as f:
        frames = [l.split() for l in f if l.startswith("frame ")]
    os.unlink(log)
    if len(frames) != len(actions):
        sys.exit(f"bench: {len(frames)} frames for {len(actions)} keys")
    by = {}
    for name, fr in zip(actions, frames):
        if name:
            ms = float(fr[2].split("=")[1]) + float(fr[3].split("=")[1])
            by.setdefault(name, []).append(ms)
    print(f"{os.path.basename(feed)}: key handling + redraw, ms ({a.rounds} rounds)")
    print(f"{'action':20} {'median':>8} {'max':>8} {'n':>4}")
    for name, v in by.items():
        print(f"{name:20} {statistics.median(v):8.2f} {max(v):8.2f} {len(v):4}")


main()
