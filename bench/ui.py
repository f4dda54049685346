#!/usr/bin/env python3
"""Reader benchmark: key-to-redraw time and resident memory with a large
feed, the real binary in tmux.

    bench/ui.py [--ldnews build/ldnews] [--items 50000] [--seed 1] [--reps 5]

For each action the script sends the key with tmux send-keys and polls
capture-pane until the screen shows the action's effect; the time from
sending to seeing is an upper bound on ldnews's own key-to-redraw time, as
it includes starting the tmux client twice and tmux's own screen update.
The same actions on a 50-item feed are measured in the same run as the
baseline of that overhead. Memory is VmHWM/VmRSS of the ldnews process
from /proc, against the feed file's size. The feeds (N items and 50) come
from tests/support/genfeed.py (--genfeed names another generator with the
same options) and are kept in bench/out/.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The repository's own deterministic feed generator.
GENFEED = os.path.join(ROOT, "tests", "support", "genfeed.py")


class Tmux:
    def __init__(self, sock, cmd, w=120, h=40):
        self.sock = sock
        self.run("-f", "/dev/null", "new-session", "-d", "-x", str(w), "-y", str(h), "-s", "b", cmd)

    def run(self, *a):
        return subprocess.run(["tmux", "-L", self.sock, *a], capture_output=True, text=True).stdout

    def screen(self):
        return self.run("capture-pane", "-p", "-t", "b")

    def keys(self, *k):
        self.run("send-keys", "-t", "b", *k)

    def wait(self, pred, timeout=600):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            if pred(s):
                return s
        sys.exit(f"bench: timed out; screen:\n{self.screen()}")

    def timed(self, keys, pred):
        """Seconds from sending keys to a screen for which pred holds."""
        t = time.perf_counter()
        self.keys(*keys)
        self.wait(pred, 30)
        return time.perf_counter() - t

    def pid(self):
        shell = self.run("display", "-p", "-t", "b", "#{pane_pid}").strip()
        out = subprocess.run(["pgrep", "-P", shell, "-x", "ldnews"], capture_output=True, text=True).stdout
        return int(out.split()[0]) if out.strip() else int(shell)

    def close(self):
        self.run("kill-server")


def status(s):
    return s.rstrip("\n").split("\n")[-1]


def measure(ldnews, feed, reps, label, cache=None):
    # Without --cache: the feed file read into memory (no cache written);
    # with it: the reader on that cache, offline.
    src = f"--offline --cache {cache} {feed}" if cache else f"--no-cache {feed}"
    t = Tmux(f"ldnews-bench-{os.getpid()}-{label}",
             f"env TERM=screen-256color LC_ALL=C.UTF-8 {ldnews} {src}")
    res = {}
    try:
        t0 = time.perf_counter()
        t.wait(lambda s: "refreshed" in status(s))
        res["load (s)"] = [time.perf_counter() - t0]
        pid = t.pid()
        open_t, page_t, tag_t, search_t = [], [], [], []
        for _ in range(reps):
            # Open the selected article: the reader's separator line appears.
            open_t.append(t.timed(["Enter"], lambda s: "Related articles" in s or "Links" in s or "By " in s))
            t.keys("q")
            t.wait(lambda s: "By " not in s)
            # A page down in the list: the first row's number changes.
            before = t.screen().split("\n")[1][:6]
            page_t.append(t.timed(["PgDn"], lambda s, b=before: s.split("\n")[1][:6] != b))
            t.keys("g")
            # A tag filter from the tag pane: the status line shows it.
            t.keys("t")
            t.wait(lambda s: "Tags:" in s)
            tag_t.append(t.timed(["Enter"], lambda s: "#" in status(s).split("unread")[1][:3]))
            t.keys("T", "Escape")
            t.wait(lambda s: "Tags:" not in s and "#" not in status(s).split("unread")[1][:3])
            # Search, a keystroke at a time: the prompt shows each letter
            # only once the list was filtered for it (same frame).
            t.keys("/")
            t.wait(lambda s: status(s).startswith("/"))
            typed = ""
            for ch in "winter":
                typed += ch
                search_t.append(t.timed(["-l", ch], lambda s, w=typed: status(s).startswith("/" + w)))
            t.keys("Escape")
            t.wait(lambda s: not status(s).startswith("/") and "searching" not in status(s))
        with open(f"/proc/{pid}/status") as f:
            mem = {l.split(":")[0]: int(l.split()[1]) for l in f if l.startswith(("VmRSS", "VmHWM"))}
        res.update({"open article": open_t, "page down": page_t, "tag filter": tag_t,
                    "search keystroke": search_t})
        res["VmHWM MiB"] = [mem["VmHWM"] / 1024]
        res["VmRSS MiB"] = [mem["VmRSS"] / 1024]
    finally:
        t.close()
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--genfeed", default=GENFEED,
                    help="feed generator taking --items, --seed and -o (default: %(default)s)")
    ap.add_argument("--items", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--cache", help="measure the reader on this cache (offline) instead; "
                    "--feeds then names its feeds")
    ap.add_argument("--feeds", nargs="*", default=[])
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    feeds = {}
    for n in (50, a.items):
        path = os.path.join(a.out, f"feed-{n}-{a.seed}.xml")
        if not os.path.exists(path):
            subprocess.run([sys.executable, a.genfeed, "--items", str(n), "--seed", str(a.seed),
                            "-o", path], check=True)
        feeds[n] = path
    big = measure(a.ldnews, " ".join(a.feeds) if a.cache else feeds[a.items], a.reps, "big",
                  a.cache)
    small = measure(a.ldnews, feeds[50], a.reps, "small")
    size = (sum(os.path.getsize(f) for f in a.feeds) if a.cache else
            os.path.getsize(feeds[a.items])) / (1 << 20)
    what = f"cache {a.cache} ({len(a.feeds)} feeds)" if a.cache else f"feed: {a.items} items"
    print(f"{what}, {size:.1f} MiB of feeds; baseline: 50 items; times in ms "
          f"(median / max over {a.reps} reps, search: every keystroke of 'winter')")
    print(f"{'action':18} {'big median':>11} {'big max':>8} {'base median':>12} {'base max':>9}")
    for k in ("open article", "page down", "tag filter", "search keystroke"):
        b, s = big[k], small[k]
        print(f"{k:18} {statistics.median(b) * 1000:11.1f} {max(b) * 1000:8.1f} "
              f"{statistics.median(s) * 1000:12.1f} {max(s) * 1000:9.1f}")
    print(f"load to first full list: {big['load (s)'][0]:.2f} s")
    print(f"memory: peak {big['VmHWM MiB'][0]:.0f} MiB, now {big['VmRSS MiB'][0]:.0f} MiB "
          f"= {big['VmHWM MiB'][0] / size:.2f} x the feed file")


main()
