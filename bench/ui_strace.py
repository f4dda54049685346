#!/usr/bin/env python3
"""Key-to-frame times of the reader from inside the process's own I/O:
strace timestamps the read of each key on the terminal and the write of
the frame that answers it (tmux drives the keys). strace slows both a
little; the figures are upper bounds, closer than bench/ui.py's screen
polling. Needs strace (not installed by scripts/bootstrap: apt-get install
strace). Uses bench/out/feed-50000-1.xml (bench/ui.py makes it).
"""
import subprocess, time, os, re, sys
feed = "bench/out/feed-50000-1.xml"
sock = f"st-{os.getpid()}"
tm = lambda *a: subprocess.run(["tmux", "-L", sock, *a], capture_output=True, text=True).stdout
tm("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t", f"build/ldnews --no-cache {feed}")
while "refreshed" not in tm("capture-pane", "-p", "-t", "t"):
    time.sleep(0.2)
shell = tm("display", "-p", "-t", "t", "#{pane_pid}").strip()
pid = subprocess.run(["pgrep", "-x", "ldnews"], capture_output=True, text=True).stdout.split()[0]
log = "/tmp/ui.strace"
st = subprocess.Popen(["strace", "-f", "-tt", "-T", "-e", "trace=read,write", "-o", log, "-p", pid])
time.sleep(1)
def keys(*k):
    tm("send-keys", "-t", "t", *k); time.sleep(0.4)
for _ in range(3):
    keys("Enter"); keys("q"); keys("PgDn"); keys("g")
    keys("t"); keys("Enter"); keys("T"); keys("Escape")
    keys("/")
    for ch in "winter":
        keys("-l", ch)
    keys("Escape")
time.sleep(0.5)
st.terminate(); st.wait()
tm("kill-server")
# Pair each read of input (fd 0) with the last terminal write that follows before the next read.
ev = []
for line in open(log):
    m = re.match(r"\d+\s+(\d+):(\d+):([\d.]+) (read|write)\((\d+), \"(.*?)\".*= (\d+)", line)
    if not m: continue
    t = int(m.group(1))*3600 + int(m.group(2))*60 + float(m.group(3))
    ev.append((t, m.group(4), int(m.group(5)), m.group(6)))
lat = []
i = 0
while i < len(ev):
    t, op, fd, data = ev[i]
    if op == "read" and fd == 0:
        j = i + 1; last = None
        # The key's own frame: the first terminal write after the read (and
        # any writes right after it: one refresh may take several).
        while j < len(ev) and not (ev[j][1] == "read" and ev[j][2] == 0):
            if ev[j][1] == "write" and ev[j][2] == 1:
                if last is None or ev[j][0] - last < 0.002: last = ev[j][0]
                else: break
            j += 1
        while j < len(ev) and not (ev[j][1] == "read" and ev[j][2] == 0): j += 1
        if last: lat.append((data, (last - t) * 1000))
        i = j
    else:
        i += 1
for d, ms in lat: print(f"{d[:12]!s:14} {ms:6.1f} ms")
