#!/usr/bin/env python3
"""Kiosk memory benchmark: resident memory of a kiosk over many refreshes of
the same feed, the real binary in tmux against the loopback test server.

    bench/kiosk_memory.py [--ldnews build/ldnews] [--refreshes 1000]
                          [--feed data/london-daily.xml] [--conditional]

The feed is served at /gzip/ (no validators), so every refresh is a 200:
the whole feed is fetched, parsed and merged over the articles shown, the
most a refresh of one feed can cost; --conditional serves it at /file/,
where the kiosk's validators make every refresh after the first a 304. The
kiosk reads a cache filled beforehand (read-only, as kiosks do) and runs
with --refresh 1, the shortest interval, so 1,000 refreshes take about 20
minutes. Refreshes are counted in the server's request log; VmRSS of the
ldnews process is read from /proc after refreshes 1, 10, 100, ... and at
the end. The issue's bound: after the last, within 10% of after the first.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def requests(log):
    with open(log) as f:
        return sum(1 for line in f if '"GET"' in line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--ldnews", default=os.path.join(ROOT, "build", "ldnews"))
    ap.add_argument("--refreshes", type=int, default=1000)
    ap.add_argument("--feed", default=os.path.join(ROOT, "data", "london-daily.xml"))
    ap.add_argument("--conditional", action="store_true")
    a = ap.parse_args()
    # A runner's timeout: still stop the server and the tmux session.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    tmp = tempfile.mkdtemp(prefix="ldnews-kiosk-bench-")
    sock = f"ldnews-kiosk-bench-{os.getpid()}"
    server = None
    try:
        served = os.path.join(tmp, "served")
        os.mkdir(served)
        shutil.copy(a.feed, os.path.join(served, "feed.xml"))
        log = os.path.join(tmp, "requests.jsonl")
        open(log, "w").close()
        server = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "tests", "server", "testserver.py"),
             "--root", served, "--log", log, "--max-seconds", str(4 * a.refreshes + 600)],
            stdout=subprocess.PIPE, text=True)
        port = int(server.stdout.readline())
        url = f"http://127.0.0.1:{port}/{'file' if a.conditional else 'gzip'}/feed.xml"
        env = dict(os.environ, HOME=tmp, XDG_DATA_HOME=os.path.join(tmp, "data"),
                   no_proxy="*", NO_PROXY="*", TERM="screen-256color", LC_ALL="C.UTF-8")
        subprocess.run([a.ldnews, "--list", url], env=env, check=True, stdout=subprocess.DEVNULL)
        base = requests(log)
        cmd = " ".join(f"{k}='{env[k]}'" for k in ("HOME", "XDG_DATA_HOME", "no_proxy", "LC_ALL"))
        subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "100",
                        "-y", "30", "-s", "b",
                        f"env {cmd} {a.ldnews} --kiosk --refresh 1 {url}"], check=True, env=env)
        shell = subprocess.run(["tmux", "-L", sock, "display", "-p", "-t", "b", "#{pane_pid}"],
                               capture_output=True, text=True).stdout.strip()
        pid = None
        for _ in range(100):
            with open(f"/proc/{shell}/comm") as f:  # sh may exec ldnews itself
                if f.read().strip() == "ldnews":
                    pid = int(shell)
                    break
            out = subprocess.run(["pgrep", "-P", shell, "-x", "ldnews"], capture_output=True,
                                 text=True).stdout.split()
            if out:
                pid = int(out[0])
                break
            time.sleep(0.05)
        if pid is None:
            sys.exit("bench: no ldnews process")
        marks = sorted({m for m in (1, 10, 100, 250, 500, 750) if m < a.refreshes} | {a.refreshes})
        first = None
        t0 = time.monotonic()
        print(f"{'refreshes':>9} {'VmRSS KiB':>10} {'vs first':>9} {'elapsed s':>10}")
        while marks:
            n = requests(log) - base
            if n >= marks[0]:
                # The refresh after request n has been merged by now: the
                # next one starts a second later at the earliest.
                time.sleep(0.5)
                kib = rss_kib(pid)
                first = first or kib
                print(f"{n:9d} {kib:10d} {100.0 * (kib - first) / first:+8.1f}% "
                      f"{time.monotonic() - t0:10.0f}", flush=True)
                marks.pop(0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGTERM)
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
