#!/usr/bin/env python3
"""Terminal tests: the real ldnews binary in tmux (a private socket, no user
config, a fixed size), driven with send-keys and read with capture-pane.

remain-on-exit keeps a finished pane, so every test checks
#{pane_dead_status}: a crash or a sanitizer abort inside the pane fails the
test instead of leaving a stale screen that looks right.

Environment: LDNEWS = the binary (meson passes it).
"""
import itertools
import json
import re
import os
import shlex
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
ROOT = os.path.dirname(TESTS)
SAMPLE = os.path.join(ROOT, "data", "london-daily.xml")
FEEDS = os.path.join(TESTS, "data", "feeds")
GOLDEN = os.path.join(HERE, "golden")
LDNEWS = os.environ.get("LDNEWS", os.path.join(ROOT, "build", "ldnews"))


def listing(*args):
    out = subprocess.run([LDNEWS, "--list", "--json", "--no-cache", *args], capture_output=True,
                         check=True, env=dict(os.environ, TZ="UTC")).stdout
    return [json.loads(l) for l in out.decode().splitlines()]


def proc_state(pid):
    """The one-letter state of a process (R, S, T, ...) from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Term:
    """One ldnews in one tmux session of its own server."""

    serial = itertools.count()

    def __init__(self, args, width=80, height=24, env=None, shell_tail="", interactive=False):
        # A socket name never used before in this run: a server just killed
        # may still hold its old name for a moment.
        self.sock = f"ldnews-test-{os.getpid()}-{next(Term.serial)}"
        self.tmp = tempfile.mkdtemp(prefix="ldnews-tui-")
        envs = {"TERM": "screen-256color", "TZ": "UTC", "LC_ALL": "C.UTF-8",
                "HOME": self.tmp, "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
                "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
                "NO_COLOR": "", "BROWSER": ""}
        envs.update(env or {})
        # Under sanitizers, a report must end the program with a failing
        # status (which tearDown sees), not scribble on the screen and go on.
        envs["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "abort_on_error=1")
        envs["UBSAN_OPTIONS"] = os.environ.get(
            "UBSAN_OPTIONS", "halt_on_error=1:abort_on_error=1:print_stacktrace=1")
        cmd = " ".join(f"{k}={shlex.quote(v)}" for k, v in envs.items())
        # The shell records ldnews's own exit status in a file: tmux can mark
        # a pane dead (pty closed) before it has reaped the process and
        # recorded #{pane_dead_status}, so the file is the reliable witness.
        self.status_file = os.path.join(self.tmp, "status")
        cmd = (f"env {cmd} {shlex.quote(LDNEWS)} {' '.join(shlex.quote(a) for a in args)}"
               f"; echo $? > {self.status_file}{shell_tail}")
        # Our own tiny config instead of the user's: the options must be in
        # force before the program starts, or a quick exit could be missed.
        conf = os.path.join(self.tmp, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g remain-on-exit on\n"
                    "set -g status off\nset -g history-limit 0\n")
        if interactive:
            # An interactive bash with job control; the command is typed.
            self.tmux("-f", conf, "new-session", "-d", "-x", str(width), "-y", str(height),
                      "-s", "t", "env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i")
            self.wait(lambda s: s.startswith("$"), what="shell prompt")
            # A subshell is the job, so a stop suspends the whole list and
            # the status is written only when ldnews really ends.
            self.text(f"({cmd})")
            self.keys("Enter")
        else:
            self.tmux("-f", conf, "new-session", "-d", "-x", str(width), "-y", str(height),
                      "-s", "t", "sh", "-c", cmd)

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True,
                              text=True, check=check).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def text(self, s):
        self.tmux("send-keys", "-t", "t", "-l", s)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "t")

    def lines(self):
        return self.screen().split("\n")

    def wait(self, pred, timeout=15, what=""):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            if pred(s):
                return s
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what!r}; screen:\n{self.screen()}")

    def wait_for(self, text, timeout=15):
        return self.wait(lambda s: text in s, timeout, text)

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

    def wait_exit(self, timeout=10):
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


class Tui(unittest.TestCase):
    def start(self, *args, **kw):
        t = Term(list(args), **kw)
        self.addCleanup(t.close)
        self.term = t
        return t

    def tearDown(self):
        # A pane that died on its own (crash, sanitizer) fails the test.
        t = getattr(self, "term", None)
        if t is not None and not getattr(self, "expect_exit", False):
            dead, status, sig = t.dead()
            self.assertFalse(dead, f"ldnews exited (status {status}, signal {sig}):\n{t.screen()}")

    def test_list_shows_numbered_headlines(self):
        t = self.start(SAMPLE)
        s = t.wait_for("51/51, 51 unread")
        lines = s.split("\n")
        self.assertTrue(lines[0].startswith(" London Daily - Focus on the big picture."), lines[0])
        self.assertRegex(lines[1], r"^ 1 ● China's Tech Sector Focuses on AI")
        self.assertIn("#ANT", lines[1])
        # Comfortable density: the standfirst under the headline.
        self.assertIn("China's tech sector is focusing", lines[2])
        self.assertRegex(lines[3], r"^ 2 ● Kamala Harris Wins")
        t.keys("v")
        s = t.wait(lambda s: s.split("\n")[2].startswith(" 2 "), what="compact list")
        self.compare_golden("list-compact-80x24", s)

    def compare_golden(self, name, screen):
        lines = screen.split("\n")
        lines[0] = lines[0][:41]  # the masthead's date changes every day
        lines = [re.sub(r"refreshed \d\d:\d\d", "refreshed HH:MM", l) for l in lines]
        got = "\n".join(l.rstrip() for l in lines).rstrip("\n") + "\n"
        path = os.path.join(GOLDEN, name + ".screen")
        if os.environ.get("LDNEWS_UPDATE_GOLDEN"):
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(got, f.read())

    def test_open_by_number(self):
        want = listing(SAMPLE)[4]
        t = self.start(SAMPLE)
        t.wait_for("51/51, 51 unread")
        t.text("5")
        t.wait_for("Go to: 5")
        t.keys("Enter")
        s = t.wait_for(want["summary"][:30])
        self.assertIn(want["title"][:40], s)
        self.assertIn("50 unread", s)
        # An out-of-range number says so and changes nothing else.
        t.text("99")
        t.keys("Enter")
        t.wait_for("No article 99")
        # n opens the next article; q goes back to the list.
        t.keys("n")
        t.wait_for(listing(SAMPLE)[5]["title"][:30])
        t.keys("q")
        t.wait(lambda s: "Related" not in s and "49 unread" in s, what="back to the list")

    def test_open_option(self):
        want = listing(SAMPLE)[2]
        t = self.start("--open", "3", SAMPLE, width=140, height=40)
        s = t.wait_for(want["summary"][:30])
        # Side by side at 140 columns: the list stays on the left.
        self.assertIn(" 1 ", s.split("\n")[1][:10])
        self.assertIn("│", s)

    def test_tag_filter(self):
        royals = listing("--tag", "Royals", SAMPLE)
        t = self.start(SAMPLE)
        t.wait_for("51/51, 51 unread")
        t.keys("t")
        t.wait_for("Tags: Enter include")
        t.text("/Royals")
        t.keys("Enter")
        t.wait_for("1 tags matching Royals")
        t.keys("Enter")
        t.wait_for(f"{len(royals)}/51, 51 unread #Royals")
        t.keys("Escape")
        s = t.wait(lambda s: "Tags:" not in s, what="tag pane closed")
        self.assertIn(royals[0]["title"][:30], s)
        self.assertRegex(s.split("\n")[1], r"^1 ")
        t.keys("T")
        t.wait_for("51/51, 51 unread")

    def test_search_narrows(self):
        t = self.start(SAMPLE)
        t.wait_for("51/51, 51 unread")
        t.keys("/")
        t.text("winter fu")
        s = t.wait_for("3/51, 51 unread")
        self.assertIn("Winter Fuel", s)
        t.keys("Escape")
        t.wait_for("51/51, 51 unread")
        t.keys("/")
        t.text("sogou")
        t.keys("Enter")
        s = t.wait_for("1/51, 51 unread /sogou")
        self.assertIn("China's Tech Sector", s)

    def test_resize(self):
        t = self.start(SAMPLE, width=140, height=40)
        t.wait_for("51/51, 51 unread")
        t.text("1")
        t.keys("Enter")
        t.wait_for("Wang Xiaochuan")
        for w, h in ((80, 24), (20, 6), (19, 5), (140, 40), (80, 24)):
            t.resize(w, h)
            if (w, h) == (19, 5):
                t.wait_for("terminal too small")
            else:
                s = t.wait(lambda s: len(s.split("\n")[0]) <= w and "unread" in s
                           or w < 40, what=f"{w}x{h}")
        s = t.wait_for("China's Tech")
        self.assertIn("unread", s.split("\n")[23])

    def test_hostile_titles_leave_screen_intact(self):
        t = self.start(os.path.join(FEEDS, "escapes.xml"))
        s = t.wait_for("unread")
        lines = s.split("\n")
        self.assertTrue(lines[23].rstrip().endswith("? help"), lines[23])
        t.text("1")
        t.keys("Enter")
        time.sleep(0.5)
        s = t.screen()
        self.assertTrue(s.split("\n")[23].rstrip().endswith("? help"), s)
        title = t.tmux("display", "-p", "-t", "t", "#{pane_title}")
        self.assertNotIn("pwned", title)

    def test_browser_gets_the_link(self):
        out = tempfile.NamedTemporaryFile(delete=False)
        out.close()
        script = os.path.join(tempfile.mkdtemp(), "browser")
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {out.name}\n")
        os.chmod(script, 0o755)
        want = listing(SAMPLE)[1]["link"]
        t = self.start(SAMPLE, env={"BROWSER": script})
        t.wait_for("51/51, 51 unread")
        t.keys("j")
        t.keys("o")
        end = time.monotonic() + 10
        while time.monotonic() < end and os.path.getsize(out.name) == 0:
            time.sleep(0.05)
        with open(out.name) as f:
            self.assertEqual(f.read(), want + "\n")
        t.wait_for("51/51, 51 unread")
        os.unlink(out.name)

    def test_enclosure_goes_to_the_player(self):
        # No player configured: the enclosure goes to the browser command.
        out = tempfile.NamedTemporaryFile(delete=False)
        out.close()
        script = os.path.join(tempfile.mkdtemp(), "player")
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {out.name}\n")
        os.chmod(script, 0o755)
        t = self.start(SAMPLE, env={"BROWSER": script})
        t.wait_for("51/51, 51 unread")
        t.keys("e")
        t.wait_for("Open an article first")
        t.keys("2", "Enter")  # article 2 has no enclosure
        t.wait_for("A snap poll after the presidential debate")
        t.keys("e")
        t.wait_for("This article has no enclosures")
        t.keys("1", "Enter")
        t.wait_for("China's tech sector is focusing on competing")
        t.keys("e")  # one enclosure: played at once, no prompt
        end = time.monotonic() + 10
        while time.monotonic() < end and os.path.getsize(out.name) == 0:
            time.sleep(0.05)
        with open(out.name) as f:
            self.assertEqual(f.read(), "https://londondaily.com/audio/china-s-tech-sector-focuses-"
                             "on-ai-race-with-us-titans-like-google-and-microsoft.mp3\n")
        os.unlink(out.name)

    def test_several_feeds_name_their_source_filter_and_errors(self):
        missing = os.path.join(tempfile.mkdtemp(), "gone.xml")
        t = self.start(SAMPLE, os.path.join(FEEDS, "rdf.xml"), missing, "--no-cache",
                       width=120, height=30)
        s = t.wait_for("1 failed (E)")
        self.assertIn("53/53", s)
        # Rows carry a source column once several feeds are shown.
        rows = [l for l in t.lines()[1:-1] if re.match(r"\s*\d+ ", l)]
        self.assertGreater(len(rows), 5, s)
        for r in rows:
            self.assertRegex(r, r"^\s*\d+ . London Daily( \(R)?", s)
        self.assertTrue(any("London Daily (R" in r for r in rows), s)
        # E: the failing feed, named, with its cause.
        t.keys("E")
        s = t.wait_for("Feed errors")
        self.assertIn(f"{missing}: cannot read {missing}: No such file or directory", s)
        t.keys("Escape")
        t.wait(lambda s: "Feed errors" not in s, what="error list closed")
        # F: the feed pane with counts; Enter keeps only that feed.
        t.keys("F")
        s = t.wait_for("Feeds: Enter")
        self.assertRegex(s, r"\s51\s+London Daily\s+\(" + re.escape(SAMPLE))
        self.assertRegex(s, r"\s2\s+London Daily \(RDF\)")
        t.keys("j", "Enter")
        s = t.wait_for("[+]")
        t.keys("Escape")
        s = t.wait(lambda s: "2/53" in s and "Feeds: Enter" not in s, what="2 of 53 shown")
        self.assertIn("1 feed", s)
        rows = [l for l in t.lines()[1:-1] if re.match(r"\s*\d+ ", l)]
        self.assertEqual(len(rows), 2, s)
        for r in rows:
            self.assertIn("London Daily (", r)
        # c in the pane shows every feed again.
        t.keys("F", "c", "Escape")
        t.wait_for("53/53")

    def test_config_keys_and_colours(self):
        # A key of the config replaces the action's default and shows in
        # the help; a colour theme is taken (the screen still draws).
        conf = os.path.join(tempfile.mkdtemp(), "config")
        with open(conf, "w") as f:
            f.write("[general]\ndensity = compact\n[keys]\nfeeds = f\nhelp = H\n"
                    "[colors]\nselected = white on red bold\nmasthead = default on blue\n")
        t = self.start("-c", conf, SAMPLE, env={"NO_COLOR": ""})
        s = t.wait_for("51/51, 51 unread")
        # compact: no standfirst row under the first headline
        self.assertRegex(t.lines()[2], r"^\s*2 ")
        t.keys("F")  # F no longer opens the feed pane: the binding replaced it
        t.keys("f")
        t.wait_for("Feeds: Enter")
        t.keys("Escape")
        t.wait(lambda s: "Feeds: Enter" not in s, what="feed pane closed")
        t.keys("?")  # rebound too: nothing opens
        t.keys("H")
        s = t.wait_for("Keys (")
        self.assertRegex(s, r"f\s+feeds \(your key\)")
        self.assertNotRegex(s, r"\bF\s+feed pane")

    def test_mouse_click_opens_and_wheel_scrolls(self):
        items = listing(SAMPLE)
        t = self.start(SAMPLE)
        t.wait_for("51/51, 51 unread")
        # An X10 mouse report (what ncurses reads for TERM=screen): button,
        # column and row, each plus 32, 1-based. Row 7 (0-based) is the
        # second row of item 3 in comfortable density: item rows start at 1.
        def mouse(button, x, y):
            t.text("\x1b[M" + chr(32 + button) + chr(33 + x) + chr(33 + y))
        mouse(0, 10, 6)
        mouse(3, 10, 6)  # release
        s = t.wait_for(items[2]["summary"][:30])
        self.assertIn(items[2]["title"][:30], s)
        t.keys("q")
        t.wait(lambda s: "By " not in s, what="reader closed")
        # Wheel down over the list moves the selection three items.
        mouse(65, 10, 3)
        t.keys("Enter")
        t.wait_for(items[3]["summary"][:30])

    def test_ctrl_z_suspends_and_resumes(self):
        # Job control needs an interactive shell, as a user has.
        t = self.start(SAMPLE, shell_tail="", interactive=True)
        t.wait_for("51/51, 51 unread")
        pid = t.ldnews_pid()
        t.keys("C-z")
        # The process stops (state T); bash may be slow to print its notice
        # and prompt under load, so the kernel's word is what counts.
        end = time.monotonic() + 15
        while time.monotonic() < end and proc_state(pid) != "T":
            time.sleep(0.05)
        self.assertEqual(proc_state(pid), "T")
        self.assertNotIn("unread", t.screen())  # the terminal was handed back
        t.text("fg")
        t.keys("Enter")
        s = t.wait_for("51/51, 51 unread")
        self.assertTrue(s.startswith(" London Daily"), s)
        t.keys("Q")
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)

    def test_marks_persist_in_the_cache(self):
        items = listing(SAMPLE)
        t = self.start(SAMPLE)
        t.wait_for("51/51, 51 unread")
        t.text("2")
        t.keys("Enter")
        t.wait_for(items[1]["summary"][:30])
        t.keys("s", "q")  # star it, back to the list
        s = t.wait_for("51/51, 50 unread")
        self.assertRegex(s.split("\n")[3], r"^ 2 \* Kamala Harris Wins")
        t.keys("Q")
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)
        # A second run on the same cache, offline: the marks are there.
        home = t.tmp
        t2 = Term(["--offline", SAMPLE], env={"HOME": home, "XDG_DATA_HOME": os.path.join(home, "data")})
        self.addCleanup(t2.close)
        self.term = t2
        self.expect_exit = False
        s = t2.wait_for("51/51, 50 unread")
        self.assertRegex(s.split("\n")[3], r"^ 2 \* Kamala Harris Wins")
        t2.keys("S")
        s = t2.wait_for("1/51, 50 unread starred")
        self.assertRegex(s.split("\n")[1], r"^1 \* Kamala Harris Wins")

    def test_large_cache_starts_and_searches(self):
        # A cache big enough that the worker is still making display caches
        # while the reader already shows and searches the articles.
        tmp = tempfile.mkdtemp(prefix="ldnews-big-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        feed = os.path.join(tmp, "big.xml")
        gen = os.path.join(ROOT, "..", "shared", "bench", "genfeed.py")
        with open(feed, "w") as f:
            if os.path.exists(gen):
                f.write(subprocess.run([sys.executable, gen, "--items", "3000", "--seed", "3"],
                                       capture_output=True, text=True, check=True).stdout)
            else:
                f.write('<rss version="2.0"><channel><title>Big</title>')
                for i in range(3000):
                    f.write(f"<item><title>Story {i} borough</title><guid>g{i}</guid>"
                            f"<description>{'word ' * 100}</description></item>")
                f.write("</channel></rss>")
        cache = os.path.join(tmp, "cache.db")
        subprocess.run([LDNEWS, "--cache", cache, "--list", feed], check=True,
                       stdout=subprocess.DEVNULL)
        t = self.start("--offline", "--cache", cache, feed)
        t.wait_for("3000/3000")
        t.keys("/")
        t.text("borough")
        s = t.wait(lambda s: "3000/3000" not in s and "/3000," in s.split("\n")[-1]
                   + s.split("\n")[-2], what="search narrowed")
        t.keys("Enter")
        t.wait(lambda s: "searching" not in s, what="search done")

    def test_refresh_brings_new_articles_and_keeps_the_selection(self):
        tmp = tempfile.mkdtemp(prefix="ldnews-refresh-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        feed = os.path.join(tmp, "feed.xml")

        def write(n):
            with open(feed, "w") as f:
                f.write('<rss version="2.0"><channel><title>London Daily</title>')
                for i in range(n):
                    f.write(f"<item><title>Story number {i}</title><guid>s{i}</guid>"
                            f"<pubDate>Thu, 12 Sep 2024 {9 + i:02d}:00:00 GMT</pubDate></item>")
                f.write("</channel></rss>")

        write(3)
        for args in ([feed], ["--no-cache", feed]):
            t = self.start(*args)
            t.wait_for("3/3, 3 unread")
            t.keys("j")  # select number 2, "Story number 1"
            write(5)
            t.keys("r")
            s = t.wait_for("5/5, 5 unread")
            lines = s.split("\n")
            # The two newer stories come first; the selection followed its
            # article to number 4 (the cursor sits on the selected row).
            self.assertRegex(lines[1], r"^1 ● Story number 4")
            cursor = int(t.tmux("display", "-p", "-t", "t", "#{cursor_y}").strip())
            self.assertRegex(lines[cursor], r"^4 ● Story number 1")
            t.keys("Q")
            self.expect_exit = True
            self.assertEqual(t.wait_exit(), 0)
            write(3)

    def test_quit_restores_terminal(self):
        state = tempfile.NamedTemporaryFile(delete=False)
        state.close()
        t = self.start(SAMPLE, shell_tail=f"; stty -a > {state.name}")
        t.wait_for("51/51, 51 unread")
        t.keys("q")
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)
        t.wait(lambda s: os.path.getsize(state.name) > 0, what="stty output")
        with open(state.name) as f:
            stty = f.read()
        os.unlink(state.name)
        self.assertRegex(stty, r"(^|\s)icanon(\s|$)")
        self.assertRegex(stty, r"(^|\s)echo(\s|$)")

    def test_sigterm_exits_cleanly(self):
        state = tempfile.NamedTemporaryFile(delete=False)
        state.close()
        t = self.start(SAMPLE, shell_tail=f"; stty -a > {state.name}")
        t.wait_for("51/51, 51 unread")
        pid = t.tmux("display", "-p", "-t", "t", "#{pane_pid}").strip()
        subprocess.run(["pkill", "-TERM", "-P", pid, "-x", "ldnews"], check=True)
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)
        t.wait(lambda s: os.path.getsize(state.name) > 0, what="stty output")
        with open(state.name) as f:
            text = f.read()
        os.unlink(state.name)
        self.assertRegex(text, r"(^|\s)icanon(\s|$)")
        self.assertRegex(text, r"(^|\s)echo(\s|$)")


if __name__ == "__main__":
    unittest.main(verbosity=2)
