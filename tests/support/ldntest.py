"""What the Python test drivers share: the repository's paths, the loopback
test server (tests/server/testserver.py) and the real binary in tmux.

Nothing here depends on where the clone lives, the user, the time zone or
the locale: every path is computed from this file, every child gets TZ=UTC
and LC_ALL=C.UTF-8, every temporary file is the test's own.

Synchronising with the reader: a Term starts ldnews with LDNEWS_TEST_SYNC
set. Term.sync() types the probe key (Ctrl-]); ldnews handles input in
order, and after the first idle frame that follows the probe it writes
"ldnews-sync:N" (OSC 7, tmux's #{pane_path}) behind that frame. When tmux
shows N, every key sent before the probe has been handled and its frame is
on tmux's screen in full. Tests wait for that (or for text a background
event brings that was not there before), never for a sleep or for text that
may already be on the screen.
"""
import itertools
import json
import os
import select
import shlex
import subprocess
import sys
import tempfile
import time

SUPPORT = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(SUPPORT)
ROOT = os.path.dirname(TESTS)
DATA = os.path.join(TESTS, "data")
FEEDS = os.path.join(DATA, "feeds")
SAMPLE = os.path.join(ROOT, "data", "london-daily.xml")
LDNEWS = os.environ.get("LDNEWS", os.path.join(ROOT, "build", "ldnews"))
SERVER_SCRIPT = os.path.join(TESTS, "server", "testserver.py")
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy",
              "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY")
# How long a test waits for ldnews before it fails: generous, for a build
# under sanitizers on a loaded 2-core machine; a passing test never waits
# for it.
WAIT_SECONDS = 30


def loopback_env(env):
    """env without proxies: every request stays on 127.0.0.1."""
    env = dict(env)
    for v in PROXY_VARS:
        env.pop(v, None)
    env["no_proxy"] = env["NO_PROXY"] = "*"
    return env


class TestServer:
    """testserver.py on a free loopback port, serving `root`, logging each
    request as a JSON line. With watch_stdin it also ends when this process
    dies (its stdin closes)."""

    def __init__(self, root, log=None, max_seconds=600, watch_stdin=True, start_seconds=15):
        self.log = log or os.path.join(tempfile.mkdtemp(prefix="ldnews-http-"), "requests.jsonl")
        self._own_log_dir = log is None
        open(self.log, "a").close()
        args = [sys.executable, SERVER_SCRIPT, "--root", root, "--log", self.log,
                "--max-seconds", str(max_seconds)]
        if watch_stdin:
            args.append("--watch-stdin")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE if watch_stdin else None,
                                     stdout=subprocess.PIPE, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], start_seconds)
        line = self.proc.stdout.readline().strip() if ready else ""
        if not line.isdigit():
            self.stop()
            raise RuntimeError("the test server did not start")
        self.port = int(line)
        self.base = f"http://127.0.0.1:{self.port}"

    def requests(self, path=None):
        """The requests so far (only those for `path` when given)."""
        with open(self.log, encoding="utf-8") as f:
            reqs = [json.loads(line) for line in f if line.strip()]
        return reqs if path is None else [r for r in reqs if r["path"] == path]

    def stop(self, keep_log=False):
        """Ends the server; its log goes too unless keep_log (or the
        caller named the log)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                f.close()
        if self._own_log_dir and not keep_log:
            subprocess.run(["rm", "-rf", os.path.dirname(self.log)])


def listing(*args, binary=None):
    """`ldnews --list --json --no-cache ARGS` as a list of dicts."""
    out = subprocess.run([binary or LDNEWS, "--list", "--json", "--no-cache", *args],
                         capture_output=True, check=True,
                         env=dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")).stdout
    return [json.loads(line) for line in out.decode().splitlines()]


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def proc_state(pid):
    """The one-letter state of a process (R, S, T, ...) from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


class Term:
    """One ldnews in one tmux session of its own server (a private socket,
    no user config, a fixed size)."""

    serial = itertools.count()

    def __init__(self, args, width=80, height=24, env=None, shell_tail="", interactive=False,
                 binary=None, cwd=None):
        # A socket name never used before in this run: a server just killed
        # may still hold its old name for a moment.
        self.sock = f"ldnews-test-{os.getpid()}-{next(Term.serial)}"
        self.tmp = tempfile.mkdtemp(prefix="ldnews-tui-")
        self.probes = 0
        envs = {"TERM": "screen-256color", "TZ": "UTC", "LC_ALL": "C.UTF-8",
                "HOME": self.tmp, "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
                "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
                "NO_COLOR": "", "BROWSER": "", "LDNEWS_TEST_SYNC": "1"}
        envs.update(env or {})
        # Under sanitizers, a report must end the program with a failing
        # status (which the test sees), not scribble on the screen and go on.
        envs["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "abort_on_error=1")
        envs["UBSAN_OPTIONS"] = os.environ.get(
            "UBSAN_OPTIONS", "halt_on_error=1:abort_on_error=1:print_stacktrace=1")
        cmd = " ".join(f"{k}={shlex.quote(v)}" for k, v in envs.items())
        # The shell records ldnews's own exit status in a file: tmux can mark
        # a pane dead (pty closed) before it has reaped the process and
        # recorded #{pane_dead_status}, so the file is the reliable witness.
        self.status_file = os.path.join(self.tmp, "status")
        binary = binary or LDNEWS
        cmd = (f"env {cmd} {shlex.quote(binary)} {' '.join(shlex.quote(a) for a in args)}"
               f"; echo $? > {self.status_file}{shell_tail}")
        conf = os.path.join(self.tmp, "tmux.conf")
        with open(conf, "w") as f:
            # set-clipboard on: an OSC 52 that got through would land in a
            # tmux buffer, where a test can see it.
            f.write("set -g remain-on-exit on\nset -g set-clipboard on\n"
                    "set -g status off\nset -g history-limit 0\n")
        size = ["-x", str(width), "-y", str(height)]
        if cwd is not None:  # ldnews's working directory
            size += ["-c", cwd]
        if interactive:
            # An interactive bash with job control; the command is typed.
            self.tmux("-f", conf, "new-session", "-d", *size, "-s", "t",
                      "env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i")
            self.wait(lambda s: s.startswith("$"), what="shell prompt")
            # A subshell is the job, so a stop suspends the whole list and
            # the status is written only when ldnews really ends.
            self.text(f"({cmd})")
            self.keys("Enter")
        else:
            self.tmux("-f", conf, "new-session", "-d", *size, "-s", "t", "sh", "-c", cmd)

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True,
                              text=True, check=check).stdout

    def keys(self, *keys):
        """Sends tmux key names (no wait: see press)."""
        self.tmux("send-keys", "-t", "t", *keys)

    def text(self, s):
        """Types s literally (no wait: see type)."""
        self.tmux("send-keys", "-t", "t", "-l", s)

    def press(self, *keys):
        """Sends keys; returns the screen once ldnews has handled them."""
        self.keys(*keys)
        return self.sync()

    def type(self, s):
        """Types s; returns the screen once ldnews has handled it."""
        self.text(s)
        return self.sync()

    def sync(self, timeout=WAIT_SECONDS):
        """The screen once every key sent so far has been handled and drawn."""
        self.probes += 1
        want = f"ldnews-sync:{self.probes}"
        self.keys("C-]")
        end = time.monotonic() + timeout
        while self.tmux("display", "-p", "-t", "t", "#{pane_path}").strip() != want:
            if self.dead()[0]:
                raise AssertionError(f"ldnews exited before {want}:\n{self.screen()}")
            if time.monotonic() > end:
                raise AssertionError(f"ldnews did not answer probe {self.probes} "
                                     f"in {timeout} s:\n{self.screen()}")
            time.sleep(0.02)
        return self.screen()

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "t")

    def lines(self):
        return self.screen().split("\n")

    def wait(self, pred, timeout=WAIT_SECONDS, what=""):
        """The first screen for which pred holds: for what ldnews does on
        its own (start-up, a refresh, a timer), never after a key."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            if pred(s):
                return s
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what!r}; screen:\n{self.screen()}")

    def wait_for(self, text, timeout=WAIT_SECONDS):
        return self.wait(lambda s: text in s, timeout, text)

    def ready(self, text, timeout=WAIT_SECONDS):
        """Start-up: text on the screen, then a synced screen."""
        self.wait_for(text, timeout)
        return self.sync()

    def dead(self):
        """(dead, exit status or None, signal or None) of the pane."""
        if os.path.exists(self.status_file):
            with open(self.status_file) as f:
                text = f.read().strip()
            return True, int(text) if text else None, None
        out = self.tmux("display", "-p", "-t", "t",
                        "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}")
        dead, status, sig = (out.strip().split(":") + ["", ""])[:3]
        return dead == "1", int(status) if status else None, int(sig) if sig else None

    def ldnews_pid(self):
        """The ldnews process below the pane's shell."""
        pending = [int(self.tmux("display", "-p", "-t", "t", "#{pane_pid}").strip())]
        while pending:
            pid = pending.pop()
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "ldnews":
                    return pid
            pending.extend(children(pid))
        raise AssertionError("no ldnews process")

    def wait_exit(self, timeout=WAIT_SECONDS):
        """ldnews's exit status once it has ended."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with open(self.status_file) as f:
                    text = f.read()
                if text.endswith("\n"):
                    return int(text)
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"ldnews did not exit:\n{self.screen()}")

    def resize(self, w, h):
        self.tmux("resize-window", "-t", "t", "-x", str(w), "-y", str(h))

    def close(self):
        self.tmux("kill-server", check=False)
        subprocess.run(["rm", "-rf", self.tmp])


def kill_sqlite_writer(db, statements):
    """Runs a Python sqlite3 client on db that executes `statements` (SQL,
    in order, the last one left under way) and kills it with SIGKILL once
    they ran: what a crash or a kill -9 of another ldnews leaves beside a
    cache (a hot journal, a -wal with uncommitted frames). Returns the
    child's exit status (-9)."""
    code = ("import sqlite3, sys\n"
            f"c = sqlite3.connect({db!r}, isolation_level=None)\n"
            + "".join(f"c.execute({q!r})\n" for q in statements)
            + "print('ready', flush=True)\n"
            "sys.stdin.read()\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    ready = p.stdout.readline()
    p.kill()
    p.wait()
    p.stdin.close()
    p.stdout.close()
    if ready != "ready\n":
        raise AssertionError(f"the sqlite3 writer did not start: {ready!r}")
    return p.returncode
