#!/usr/bin/env python3
"""Terminal tests: the real ldnews binary in tmux (a private socket, no user
config, a fixed size), driven with send-keys and read with capture-pane.

Every step after a key waits for ldnews to have handled it (Term.press,
Term.type and Term.sync in tests/support/ldntest.py: a probe key and the
marker ldnews writes behind the frame that follows it), then asserts on
that screen. Only what ldnews does on its own (start-up, a refresh, a
timer) is waited for by its text, text that was not on the screen before.

remain-on-exit keeps a finished pane, so every test checks that ldnews is
still running at its end: a crash or a sanitizer abort inside the pane
fails the test instead of leaving a stale screen that looks right.

Environment: LDNEWS = the binary (meson passes it).
"""
import hashlib
import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "support"))
import genfeed  # noqa: E402  (tests/support)
from ldntest import (FEEDS, LDNEWS, SAMPLE, Term, TestServer, children,  # noqa: E402
                     kill_sqlite_writer, listing, loopback_env, proc_state)

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
# A feed path that exists nowhere, the same in every clone and TMPDIR.
MISSING = "/nonexistent/gone.xml"  # Debian: the home that never exists


def reader(screen):
    """The reader pane's text: right of the divider side by side, below it
    stacked; empty when no article is open."""
    lines = screen.split("\n")
    if any("\u2502" in l for l in lines[1:-2]):
        return "\n".join(l.split("\u2502", 1)[1] for l in lines if "\u2502" in l)
    for i, l in enumerate(lines[1:], 1):
        if l.startswith("\u2500\u2500\u2500"):
            return "\n".join(lines[i + 1:-2])
    return ""


def status(screen):
    """The status line (the last of the screen)."""
    return screen.rstrip("\n").split("\n")[-1]


def says(test, screen, msg):
    """The status line says msg left of the counts: whole, or cut with an
    ellipsis where the line is narrow."""
    left = re.split(r"\s+\d+/\d+, \d+ unread", status(screen))[0].rstrip()
    if left.endswith("\u2026"):
        test.assertTrue(msg.startswith(left[:-1]) and len(left) > 10, (left, msg))
    else:
        test.assertEqual(left, msg)


def prompted(test, screen, label, text):
    """The status line is the prompt label with text typed after it:
    whole, or its end after an ellipsis where the line is narrow."""
    left = re.split(r"\s+\d+/\d+, \d+ unread", status(screen))[0].rstrip()
    test.assertTrue(left.startswith(label), (left, label))
    rest = left[len(label):]
    if rest.startswith("\u2026"):
        test.assertTrue(text.endswith(rest[1:]) and len(rest) > 10, (rest, text))
    else:
        test.assertEqual(rest, text)


def shown_path(test, text, path):
    """text shows path, whole or cut with an ellipsis where it is long."""
    # Up to the closing parenthesis, or the ellipsis that cuts it (past
    # which the overlay ends and the list behind it shows).
    m = re.search(r"\((/[^)\u2026]*\u2026?)", text)
    test.assertIsNotNone(m, text)
    got = m.group(1).rstrip()
    if got.endswith("\u2026"):
        test.assertTrue(path.startswith(got[:-1]), (got, path))
        test.assertGreater(len(got), 10, got)
    else:
        test.assertEqual(got, path)


class TuiCase(unittest.TestCase):
    """Starts ldnews in tmux; a pane that died on its own fails the test."""

    def start(self, *args, **kw):
        t = Term(list(args), **kw)
        self.addCleanup(t.close)
        self.term = t
        return t

    def tearDown(self):
        # A pane that died on its own (crash, sanitizer) fails the test.
        t = getattr(self, "term", None)
        if t is not None and not getattr(self, "expect_exit", False):
            dead, code, sig = t.dead()
            self.assertFalse(dead, f"ldnews exited (status {code}, signal {sig}):\n{t.screen()}")

    def quit(self, t, key="Q"):
        """Quits with key; ldnews must end with status 0."""
        t.keys(key)
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)

    SIZES = ((120, 40), (80, 24), (60, 20))  # every golden is kept at these

    def compare_golden(self, name, screen):
        lines = screen.split("\n")
        # The masthead's date changes every day, and with its width where
        # a long title is cut: only the columns left of the widest date
        # ("Wednesday 30 September 2024", a blank either side) are kept.
        cols = int(self.term.tmux("display", "-p", "-t", "t", "#{pane_width}"))
        lines[0] = lines[0][:cols - 30]
        lines = [re.sub(r"refreshed \d\d:\d\d", "refreshed HH:MM", l) for l in lines]
        got = "\n".join(l.rstrip() for l in lines).rstrip("\n") + "\n"
        path = os.path.join(GOLDEN, name + ".screen")
        if os.environ.get("LDNEWS_UPDATE_GOLDEN"):
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(got, f.read())

    def conf(self, text):
        """A config file of the test's own holding text; its path."""
        tmp = tempfile.mkdtemp(prefix="ldnews-conf-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        path = os.path.join(tmp, "config")
        with open(path, "w") as f:
            f.write(text)
        return path


class Tui(TuiCase):
    def test_list_shows_numbered_headlines(self):
        t = self.start(SAMPLE)
        s = t.ready("51/51, 51 unread")
        lines = s.split("\n")
        self.assertTrue(lines[0].startswith(" London Daily - Focus on the big picture."), lines[0])
        # The edition's date, not today's: the day of its newest article.
        self.assertTrue(lines[0].rstrip().endswith("Thursday 12 September 2024"), lines[0])
        self.assertRegex(lines[1], r"^ 1 ● China's Tech Sector Focuses on AI")
        self.assertIn("#ANT", lines[1])
        # Comfortable density: the standfirst under the headline.
        self.assertIn("China's tech sector is focusing", lines[2])
        self.assertRegex(lines[3], r"^ 2 ● Kamala Harris Wins")
        s = t.press("v")
        self.assertTrue(s.split("\n")[2].startswith(" 2 "), s)
        self.compare_golden("list-compact-80x24", s)

    def test_cut_text_keeps_a_blank_before_the_next_field(self):
        # A long error, a title cut on a narrow masthead, dates as long as
        # the config makes them: at every size each field ends before the
        # next begins, and the date column holds the whole date.
        conf = self.conf("[general]\ndate-format = %d %b %H:%M\ndensity = compact\n")
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                t = self.start("-c", conf, SAMPLE, MISSING, "--no-cache", width=w, height=h)
                t.wait_for("1 failed (E)")
                s = t.sync()
                lines = s.split("\n")
                self.assertRegex(lines[0].rstrip(),
                                 r"\S +[A-Z][a-z]+day \d\d [A-Z][a-z]+ \d{4}$")
                if w == 60:
                    self.assertIn("\u2026 ", lines[0])
                self.assertRegex(status(s), r"^/n.*\u2026 51/51, 51 unread")
                rows = [l for l in lines[1:-1] if re.match(r"\s*\d+ ", l)]
                self.assertEqual(len(rows), h - 2, s)
                for r in rows:
                    self.assertRegex(r, r"\s\d\d Sep \d\d:\d\d$")
                self.compare_golden(f"cut-fields-{w}x{h}", s)

    def test_open_by_number(self):
        items = listing(SAMPLE)
        t = self.start(SAMPLE)
        t.ready("51/51, 51 unread")
        s = t.type("5")
        self.assertIn("Go to: 5", s)
        s = t.press("Enter")
        self.assertIn(items[4]["summary"][:30], reader(s))
        self.assertIn(items[4]["title"][:40], reader(s))
        self.assertIn("51/51, 50 unread", status(s))
        # An out-of-range number says so and changes nothing else.
        t.text("99")
        s = t.press("Enter")
        self.assertIn("No article 99", s)
        self.assertIn(items[4]["title"][:40], reader(s))
        # n opens the next unread article; q goes back to the list.
        s = t.press("n")
        self.assertIn(items[5]["title"][:30], reader(s))
        self.assertIn("49 unread", status(s))
        s = t.press("q")
        self.assertEqual(reader(s), "")
        self.assertNotIn("Related", s)
        self.assertIn("49 unread", status(s))

    def test_prompts_say_what_is_missing_at_once(self):
        # : Enter asks for a number; l says at once that nothing is open,
        # or that the article has no links, instead of a prompt for them.
        path = os.path.join(os.path.dirname(self.conf("")), "links.xml")
        with open(path, "w") as f:
            f.write('<rss version="2.0"><channel><title>Links</title>'
                    '<item><title>With a link</title><link>https://example.org/1</link>'
                    '<description>&lt;p&gt;See &lt;a href="https://example.org/a"&gt;this'
                    '&lt;/a&gt;.&lt;/p&gt;</description></item>'
                    '<item><title>Without links</title><link>https://example.org/2</link>'
                    '<description>Nothing to follow.</description></item>'
                    '</channel></rss>')
        def says(s, msg):
            # Whole where the status line has room, else its start.
            self.assertTrue(status(s).startswith(msg if w == 120 else msg[:14]), s)

        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                t = self.start(path, "--no-cache", width=w, height=h)
                t.ready("2/2, 2 unread")
                s = t.press(":", "Enter")
                says(s, "Type a number, then Enter (the list has 1-2)")
                self.compare_golden(f"goto-empty-{w}x{h}", s)
                s = t.press("l")
                says(s, "Open an article first")
                self.assertNotIn("Open link:", s)
                s = t.press("2", "Enter", "l")
                self.assertIn("Nothing to follow.", reader(s))
                says(s, "This article has no links")
                self.assertNotIn("Open link:", s)
                self.compare_golden(f"no-links-{w}x{h}", s)
                s = t.press("1", "Enter", "l")
                self.assertIn("Open link: ", status(s))
                s = t.press("Enter")
                says(s, "Type a number, then Enter (the article has 1 link)")

    def test_esc_and_q_clear_the_filter_first(self):
        # A kept search is said in the status line with how to clear it;
        # Esc clears it (and never quits), q clears it before it quits.
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                self.expect_exit = False  # the last size's reader was quit
                t = self.start(SAMPLE, "--no-cache", width=w, height=h)
                t.ready("51/51, 51 unread")
                t.keys("/")
                t.text("winter fu")
                s = t.press("Enter")
                self.assertIn("3/51, 51 unread", status(s))
                if w == 120:
                    self.assertIn("/winter fu (Esc clears)", status(s))
                self.compare_golden(f"filter-kept-{w}x{h}", s)
                s = t.press("Escape")
                self.assertIn("51/51, 51 unread", status(s))
                self.assertTrue(status(s).startswith("Filter cleared"), s)
                s = t.press("Escape")  # nothing left to clear: nothing happens
                self.assertFalse(t.dead()[0])
                t.keys("/")
                t.text("winter fu")
                t.press("Enter")
                s = t.press("q")
                self.assertIn("51/51, 51 unread", status(s))
                self.assertFalse(t.dead()[0])
                self.quit(t, "q")

    def test_a_pasted_page_stops_at_the_prompts_length(self):
        # 300 KB pasted into the search prompt (it froze a kiosk for 35 s):
        # the prompt keeps its first 256 bytes, and the keys waiting are
        # taken a frame's worth at a time, one search for all of them, so
        # the reader answers the probe after the paste well within its wait.
        t = self.start(SAMPLE, "--no-cache", width=400, height=30)
        t.ready("51/51, 51 unread")
        path = os.path.join(os.path.dirname(self.conf("")), "paste")
        with open(path, "w") as f:
            f.write("ab" * 150000)
        t.keys("/")
        t.tmux("load-buffer", "-b", "paste", path)
        t.tmux("paste-buffer", "-b", "paste", "-t", "t")
        s = t.sync()
        m = re.match(r"/((?:ab)+a?) ", status(s))
        self.assertIsNotNone(m, status(s))
        self.assertEqual(len(m.group(1)), 256)
        self.assertIn("0/51, 51 unread", status(s))
        s = t.press("BSpace", "BSpace")
        self.assertTrue(status(s).startswith("/" + "ab" * 127 + " "), status(s))
        s = t.press("Escape")
        self.assertIn("51/51, 51 unread", status(s))

    def test_panes_have_a_border_and_whole_hints(self):
        # The tag pane and the help stand in a border over the list, which
        # does not show through; at 120 columns no hint is cut.
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                self.expect_exit = False
                t = self.start(SAMPLE, "--no-cache", width=w, height=h)
                t.ready("51/51, 51 unread")
                s = t.press("t")
                self.assertIn("\u250c", s)  # the border's corner
                if w == 120:
                    self.assertIn(" Tags: Enter include, x exclude, a any->all, T clear, "
                                  "/ find, Esc ", s)
                self.compare_golden(f"tags-pane-{w}x{h}", s)
                t.press("Escape")
                s = t.press("?")
                if w == 120:
                    self.assertIn("back; clear the filter; quit from the list (Esc: all but "
                                  "quit)", s)
                self.compare_golden(f"help-pane-{w}x{h}", s)

    def test_reader_has_a_margin_and_a_readable_width(self):
        # The reader's text starts one column in and, zoomed on a wide
        # screen, wraps at reader-width (80 by default; here 60), not at the
        # pane's edge; a link longer than that (the article's own, one in
        # its text) wraps instead of being cut.
        path = os.path.join(os.path.dirname(self.conf("")), "long.xml")
        long_url = "https://example.org/" + "very-long-path-segment/" * 6 + "end.pdf"
        with open(path, "w") as f:
            f.write('<rss version="2.0"><channel><title>Width</title>'
                    '<item><title>A long read</title><link>' + long_url + '?page=1</link>'
                    '<description>&lt;p&gt;' + "Words of a long paragraph go on. " * 12 +
                    '&lt;a href="' + long_url + '"&gt;the file&lt;/a&gt;&lt;/p&gt;'
                    '</description></item></channel></rss>')
        conf = self.conf("[general]\nreader-width = 60\n")
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                t = self.start("-c", conf, path, "--no-cache", "--open", "1", width=w, height=h)
                t.ready("A long read")
                s = t.press("z")  # the open article's pane has the focus
                body = [l for l in s.split("\n")[1:h - 1] if l.strip()]  # no masthead, status
                self.assertTrue(all(l.startswith(" ") for l in body), s)
                self.assertTrue(all(len(l.rstrip()) <= 61 for l in body), s)
                self.assertNotIn("\u2026", "".join(body))  # nothing cut
                self.compare_golden(f"reader-width-{w}x{h}", s)

    def test_open_option(self):
        want = listing(SAMPLE)[2]
        t = self.start("--open", "3", SAMPLE, width=140, height=40)
        s = t.ready(want["summary"][:30])
        # Side by side at 140 columns: the list stays on the left.
        self.assertIn(" 1 ", s.split("\n")[1][:10])
        self.assertIn(want["title"][:30], reader(s))
        self.assertIn(want["summary"][:30], reader(s))

    def tag_filter_steps(self, t):
        """The tag pane finds Royals with its count; Enter filters; T clears."""
        royals = listing("--tag", "Royals", SAMPLE)
        t.ready("51/51, 51 unread")
        self.assertIn("Tags: Enter include", t.press("t"))
        t.text("/Royals")
        s = t.press("Enter")
        self.assertIn("1 tags matching Royals", s)
        self.assertRegex(s, rf"\b{len(royals)}\s+#Royals\b")
        s = t.press("Enter")
        self.assertIn(f"{len(royals)}/51, 51 unread #Royals", s)
        s = t.press("Escape")
        self.assertNotIn("Tags:", s)
        self.assertIn(royals[0]["title"][:30], s)
        self.assertRegex(s.split("\n")[1], r"^1 ")
        s = t.press("T")
        self.assertIn("51/51, 51 unread", status(s))

    def search_steps(self, t):
        t.keys("/")
        s = t.type("winter fu")
        self.assertIn("3/51, 51 unread", s)
        self.assertIn("Winter Fuel", s)

    def test_tag_filter(self):
        self.tag_filter_steps(self.start(SAMPLE))

    def test_search_narrows(self):
        t = self.start(SAMPLE)
        t.ready("51/51, 51 unread")
        self.search_steps(t)
        self.assertIn("51/51, 51 unread", t.press("Escape"))
        t.keys("/")
        t.text("sogou")
        s = t.press("Enter")
        self.assertIn("1/51, 51 unread /sogou", s)
        self.assertIn("China's Tech Sector", s)

    def test_search_and_tags_without_cache(self):
        # Without a cache the refresh worker sorts the feed and packs the
        # search keys and tag counts for it (refresh_pack); the reader
        # takes them when its list is that feed. Same answers as cached.
        t = self.start("--no-cache", SAMPLE)
        self.tag_filter_steps(t)
        self.search_steps(t)

    def test_resize(self):
        t = self.start(SAMPLE, width=140, height=40)
        t.ready("51/51, 51 unread")
        t.text("1")
        self.assertIn("Wang Xiaochuan", reader(t.press("Enter")))
        for w, h in ((80, 24), (20, 6), (19, 5), (140, 40), (80, 24)):
            t.resize(w, h)
            # A resize is no key: tmux tells ldnews when it likes. Wait for
            # the frame drawn at the new size, then for quiet.
            if (w, h) == (19, 5):
                t.wait_for("terminal too small")
            else:
                t.wait(lambda s: len(s.split("\n")) >= h and "/51" in s.split("\n")[h - 1]
                       and "terminal too small" not in s
                       and max(len(l) for l in s.split("\n")) <= w, what=f"{w}x{h}")
            s = t.sync()
            self.assertEqual(s.count("\n"), h, s)
        self.assertIn("China's Tech", reader(s))
        self.assertIn("unread", s.split("\n")[23])

    def test_hostile_titles_leave_screen_intact(self):
        t = self.start(os.path.join(FEEDS, "escapes.xml"))
        s = t.ready("2/2, 2 unread")  # loaded, not the empty cache's first screen
        self.assertTrue(s.split("\n")[23].rstrip().endswith("? help"), s)
        t.text("1")
        s = t.press("Enter")
        self.assertNotEqual(reader(s), "")
        self.assertTrue(s.split("\n")[23].rstrip().endswith("? help"), s)
        title = t.tmux("display", "-p", "-t", "t", "#{pane_title}")
        self.assertNotIn("pwned", title)

    def test_every_control_in_every_field_is_neutralized(self):
        # JSON Feed can carry what XML 1.0 cannot (C0 controls, ESC): every
        # C0 and C1 control, OSC 52 (clipboard), OSC 8 (hyperlink), OSC 0/2
        # (title), DCS and CSI, in each field a feed fills. 7 fields x 8
        # sequences + 64 controls each; the screen must show the words and
        # none of it may reach the terminal.
        ctl = "".join(chr(c) for c in range(1, 32)) + "\x7f" + \
            "".join(chr(c) for c in range(0x80, 0xa0))
        seq = ("\x1b]52;c;cHduZWQ=\x07" "\x1b]8;;https://evil.example/\x1b\\"
               "\x1b]0;pwned\x07" "\x1b]2;pwned\x1b\\" "\x1bP+q544e\x1b\\"
               "\x1b[2J\x1b[31m" "\x9b2J" "\x9d0;pwned\x9c")

        def field(word):
            return word + seq + ctl + word + "END"
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": field("FEEDT"),
                "items": [{"id": "1", "url": "https://londondaily.com/a" + seq,
                           "title": field("TITLEW"), "authors": [{"name": field("AUTHORW")}],
                           "tags": [field("TAGW")], "summary": field("SUMMARYW"),
                           "content_html": "<p>" + field("BODYW") + "</p>",
                           "attachments": [{"url": "https://londondaily.com/a.mp3",
                                            "mime_type": field("MIMEW")}]}]}
        tmp = tempfile.mkdtemp(prefix="ldnews-hostile-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        path = os.path.join(tmp, "hostile.json")
        with open(path, "w") as f:
            json.dump(feed, f)
        # 30 rows: every hostile field wraps over two lines in the reader,
        # and the body must still be on screen below them.
        t = self.start(path, height=30)
        screens = [t.ready("TITLEW")]
        t.text("1")
        screens.append(t.press("Enter"))
        self.assertIn("BODYW", reader(screens[1]))
        raw = t.tmux("capture-pane", "-p", "-e", "-t", "t")
        shown = "\n".join(screens)
        for word in ("TITLEW", "AUTHORW", "TAGW", "BODYW"):
            self.assertIn(word, shown)
        # Nothing the feed sent was obeyed: no title, no clipboard, no
        # hyperlink, the screen not cleared (the status line still there).
        self.assertNotIn("pwned", t.tmux("display", "-p", "-t", "t", "#{pane_title}"))
        self.assertEqual(t.tmux("list-buffers"), "")
        self.assertNotIn("evil.example/\x1b", raw)
        self.assertNotIn("\x1b]8;", raw)
        self.assertIn("unread", status(screens[1]))
        self.assertEqual(sum(1 for c in shown if ord(c) < 32 and c != "\n"), 0)

    def launcher(self, name):
        """A script for BROWSER that writes its arguments to a file, and
        a function that waits for that file and returns what it holds."""
        tmp = tempfile.mkdtemp(prefix="ldnews-launch-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        out = os.path.join(tmp, "args")
        script = os.path.join(tmp, name)
        with open(script, "w") as f:
            # Written to a temporary name and renamed: never read half.
            f.write(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {shlex.quote(out)}.tmp\n"
                    f"mv {shlex.quote(out)}.tmp {shlex.quote(out)}\n")
        os.chmod(script, 0o755)

        def launched():
            end = time.monotonic() + 30
            while time.monotonic() < end and not os.path.exists(out):
                time.sleep(0.05)
            with open(out) as f:
                return f.read()
        return script, launched

    def test_browser_gets_the_link(self):
        script, launched = self.launcher("browser")
        want = listing(SAMPLE)[1]["link"]
        t = self.start(SAMPLE, env={"BROWSER": script})
        t.ready("51/51, 51 unread")
        t.keys("j")
        s = t.press("o")
        self.assertEqual(launched(), want + "\n")
        self.assertIn("51/51, 51 unread", status(s))

    def test_enclosure_goes_to_the_player(self):
        # No player configured: the enclosure goes to the browser command.
        script, launched = self.launcher("player")
        t = self.start(SAMPLE, env={"BROWSER": script})
        t.ready("51/51, 51 unread")
        self.assertIn("Open an article first", t.press("e"))
        s = t.press("2", "Enter")  # article 2 has no enclosure
        self.assertIn("A snap poll after the presidential debate", reader(s))
        self.assertIn("This article has no enclosures", t.press("e"))
        s = t.press("1", "Enter")
        self.assertIn("China's tech sector is focusing on competing", reader(s))
        t.press("e")  # one enclosure: played at once, no prompt
        self.assertEqual(launched(), "https://londondaily.com/audio/china-s-tech-sector-focuses-"
                         "on-ai-race-with-us-titans-like-google-and-microsoft.mp3\n")

    def test_launched_is_what_is_shown(self):
        # A link and an enclosure with a line break and bidi controls: o
        # and e start exactly what the article shows (as l N does), never
        # the raw bytes.
        browser, launched = self.launcher("browser")
        player, played = self.launcher("player")
        tmp = tempfile.mkdtemp(prefix="ldnews-hostile-link-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        conf, path = os.path.join(tmp, "config"), os.path.join(tmp, "feed.json")
        with open(conf, "w") as f:
            f.write(f"[general]\nplayer = {player}\n")
        with open(path, "w") as f:
            json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "F", "items": [
                {"id": "1", "title": "Hostile link", "content_text": "Body",
                 "url": "https://a.example/x\nhttps://evil.example/\u202e\u2066y",
                 "attachments": [{"url": "https://e.example/a\u202e\r\n.mp3",
                                  "mime_type": "audio/mpeg"}]}]}, f)
        t = self.start("-c", conf, path, env={"BROWSER": browser}, width=120)
        t.ready("Hostile link")
        t.text("1")
        text = reader(t.press("Enter"))
        link = re.search(r"Link: (\S+(?: \S+)*)", text).group(1).strip()
        enc = re.search(r"\[e1\] (.*?) \(audio/mpeg", text).group(1)
        self.assertEqual((link, enc), ("https://a.example/x https://evil.example/y",
                                       "https://e.example/a .mp3"))
        t.press("o")
        self.assertEqual(launched(), link + "\n")
        t.press("e")
        self.assertEqual(played(), enc + "\n")

    def catcher(self, name, tail=""):
        """A command that keeps its standard input and its arguments (one
        a line) in files; the script, and a function that returns
        (input bytes, arguments) once it ran. ldnews waits for it, so it
        has run when the key that started it has been handled."""
        tmp = tempfile.mkdtemp(prefix="ldnews-catch-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        out, args = os.path.join(tmp, "in"), os.path.join(tmp, "args")
        script = os.path.join(tmp, name)
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\ncat > {shlex.quote(out)}\n"
                    f"printf '%s\\n' \"$@\" > {shlex.quote(args)}\n{tail}")
        os.chmod(script, 0o755)

        def caught():
            with open(out, "rb") as f, open(args) as g:
                got = (f.read(), g.read())
            os.unlink(out)
            return got
        return script, caught

    def shown(self, n, *args):
        """What ldnews --show n prints for SAMPLE (the reader's own env)."""
        return subprocess.run([LDNEWS, "--no-cache", "--show", str(n), SAMPLE, *args],
                              capture_output=True, check=True,
                              env=dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")).stdout

    def test_pipe_gives_a_command_what_show_prints(self):
        script, caught = self.catcher("pager")
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                t = self.start(SAMPLE, "--no-cache", env={"PAGER": ""}, width=w, height=h)
                t.ready("51/51, 51 unread")
                says(self, t.press("|"), "Open an article first")
                s = t.press("3", "Enter", "|")
                # No pipe = in the config, no $PAGER: less is offered.
                prompted(self, s, "Pipe to: ", "less")
                self.compare_golden(f"pipe-prompt-{w}x{h}", s)
                # ^U clears the line; words split at blanks, no shell.
                t.keys("C-u")
                t.text(f"{script} -x $HOME a;b")
                s = t.press("Enter")
                self.assertEqual(caught(), (self.shown(3), "-x\n$HOME\na;b\n"))
                says(self, s, f"Piped to {script} (exit status 0)")
                # The reader is back with the article (its headline on top).
                self.assertIn("Impact and Aftermath of 9/11", reader(s))
        # The last command is offered again; failures say why.
        s = t.press("|")
        prompted(self, s, "Pipe to: ", f"{script} -x $HOME a;b")
        t.keys("C-u")
        t.text("false")
        says(self, t.press("Enter"), "false failed (status 1)")
        t.keys("|", "C-u")
        t.text("/nonexistent/cmd")
        says(self, t.press("Enter"), "cannot start /nonexistent/cmd: No such file or directory")
        t.keys("|", "C-u")
        says(self, t.press("Enter"), "Type a command, then Enter (a program and its arguments, "
             "no shell)")

    def test_pipe_takes_the_configs_command_and_width(self):
        script, caught = self.catcher("pager")
        conf = self.conf(f"[general]\npipe = {script}  --flag\n")
        t = self.start("-c", conf, SAMPLE, "--no-cache", "--width", "50", width=120, height=40)
        t.ready("51/51, 51 unread")
        prompted(self, t.press("7", "Enter", "|"), "Pipe to: ", f"{script} --flag")
        t.press("Enter")
        self.assertEqual(caught(), (self.shown(7, "--width", "50"), "--flag\n"))

    def test_save_writes_what_show_prints(self):
        tmp = tempfile.mkdtemp(prefix="ldnews-save-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        name = "china-s-tech-sector-focuses-on-ai-race-w.txt"
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                d = os.path.join(tmp, str(w))
                os.mkdir(d)
                t = self.start(SAMPLE, "--no-cache", width=w, height=h, cwd=d)
                t.ready("51/51, 51 unread")
                says(self, t.press("w"), "Open an article first")
                s = t.press("1", "Enter", "w")
                # A name made of the title, in the working directory.
                prompted(self, s, "Save to: ", name)
                self.compare_golden(f"save-prompt-{w}x{h}", s)
                s = t.press("Enter")
                with open(os.path.join(d, name), "rb") as f:
                    self.assertEqual(f.read(), self.shown(1))
                says(self, s, "Saved to " + name)
        # A file that is there is never overwritten.
        with open(os.path.join(d, name), "wb") as f:
            f.write(b"mine")
        s = t.press("w", "Enter")
        says(self, s, name + " exists: not overwritten (w again for another name)")
        with open(os.path.join(d, name), "rb") as f:
            self.assertEqual(f.read(), b"mine")
        # ~/ is the home; errors in one line; no name, no file.
        t.keys("3", "Enter", "w", "C-u")
        t.text("~/three.txt")
        t.press("Enter")
        with open(os.path.join(t.tmp, "three.txt"), "rb") as f:
            self.assertEqual(f.read(), self.shown(3))
        t.keys("w", "C-u")
        t.text("/nonexistent/x.txt")
        says(self, t.press("Enter"), "cannot write /nonexistent/x.txt: No such file or directory")
        t.keys("w", "C-u")
        says(self, t.press("Enter"), "Type a file name, then Enter")
        self.assertEqual(sorted(os.listdir(d)), [name])

    def test_copy_hands_the_link_to_the_configs_command(self):
        want = listing(SAMPLE)[1]["link"]
        t = self.start(SAMPLE, "--no-cache", width=120)
        t.ready("51/51, 51 unread")
        says(self, t.press("y"), "No copy command: set copy = in [general] of the config "
             "(e.g. wl-copy, xclip -selection clipboard)")
        script, caught = self.catcher("copy")
        conf = self.conf(f"[general]\ncopy = {script} -selection clipboard\n")
        t = self.start("-c", conf, SAMPLE, "--no-cache", width=120)
        t.ready("51/51, 51 unread")
        # The selected article, or the open one; the link, no line end.
        s = t.press("j", "y")
        self.assertEqual(caught(), (want.encode(), "-selection\nclipboard\n"))
        says(self, s, "Copied " + want)
        t.press("5", "Enter", "y")
        self.assertEqual(caught()[0], listing(SAMPLE)[4]["link"].encode())
        # A failing command: its first line of standard error, in one line.
        script, caught = self.catcher("copy", "echo 'Error: no display' >&2\nexit 3\n")
        conf = self.conf(f"[general]\ncopy = {script}\n")
        t = self.start("-c", conf, SAMPLE, "--no-cache", width=120)
        t.ready("51/51, 51 unread")
        s = t.press("y")
        says(self, s, f"{script} failed (status 3): Error: no display")

    def test_several_feeds_name_their_source_filter_and_errors(self):
        t = self.start(SAMPLE, os.path.join(FEEDS, "rdf.xml"), MISSING, "--no-cache",
                       width=120, height=30)
        t.wait_for("1 failed (E)")
        s = t.sync()
        self.assertIn("53/53", s)
        # Rows carry a source column once several feeds are shown.
        rows = [l for l in s.split("\n")[1:-1] if re.match(r"\s*\d+ ", l)]
        self.assertGreater(len(rows), 5, s)
        for r in rows:
            self.assertRegex(r, r"^\s*\d+ . London Daily( \(R)?", s)
        self.assertTrue(any("London Daily (R" in r for r in rows), s)
        # E: the failing feed, named, with its cause.
        s = t.press("E")
        self.assertIn("Feed errors", s)
        self.assertIn(f"{MISSING}: cannot read {MISSING}: No such file or directory", s)
        self.assertNotIn("Feed errors", t.press("Escape"))
        # F: the feed pane with counts; Enter keeps only that feed.
        s = t.press("F")
        self.assertIn("Feeds by ", s)
        sample_row = re.search(r"\s51/51\s+London Daily\s+\(.*", s)
        self.assertIsNotNone(sample_row, s)
        shown_path(self, sample_row.group(0), SAMPLE)
        self.assertRegex(s, r"\s2/2\s+London Daily \(RDF\)")
        # The failed feed is listed first by name (its URL: nothing
        # cached names it), then the sample, then the RDF feed.
        self.assertIn("[+]", t.press("j", "j", "Enter"))
        s = t.press("Escape")
        self.assertNotIn("Feeds by ", s)
        self.assertIn("2/53", s)
        self.assertIn("1 feed", s)
        rows = [l for l in s.split("\n")[1:-1] if re.match(r"\s*\d+ ", l)]
        self.assertEqual(len(rows), 2, s)
        for r in rows:
            self.assertIn("London Daily (", r)
        # c in the pane shows every feed again.
        self.assertIn("53/53", t.press("F", "c", "Escape"))

    def test_config_keys_and_colours(self):
        # A key of the config replaces the action's default and shows in
        # the help; a colour theme is taken (the screen still draws).
        tmp = tempfile.mkdtemp(prefix="ldnews-conf-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        conf = os.path.join(tmp, "config")
        with open(conf, "w") as f:
            f.write("[general]\ndensity = compact\n[keys]\nfeeds = f\nhelp = H\n"
                    "[colors]\nselected = white on red bold\nmasthead = default on blue\n")
        t = self.start("-c", conf, SAMPLE, env={"NO_COLOR": ""})
        s = t.ready("51/51, 51 unread")
        # compact: no standfirst row under the first headline
        self.assertRegex(s.split("\n")[2], r"^\s*2 ")
        # F no longer opens the feed pane: the binding replaced it.
        self.assertNotIn("Feeds by ", t.press("F"))
        self.assertIn("Feeds by ", t.press("f"))
        self.assertNotIn("Feeds by ", t.press("Escape"))
        self.assertNotIn("Keys (", t.press("?"))  # rebound too: nothing opens
        s = t.press("H")
        self.assertIn("Keys (", s)
        self.assertRegex(s, r"f\s+feeds \(your key\)")
        self.assertNotRegex(s, r"\bF\s+feed pane")

    def test_mouse_click_opens_and_wheel_scrolls(self):
        items = listing(SAMPLE)
        t = self.start(SAMPLE)
        t.ready("51/51, 51 unread")

        # An X10 mouse report (what ncurses reads for TERM=screen): button,
        # column and row, each plus 32, 1-based. Row 6 (0-based) is the
        # second row of item 3 in comfortable density: item rows start at 1.
        def mouse(button, x, y):
            t.text("\x1b[M" + chr(32 + button) + chr(33 + x) + chr(33 + y))
        mouse(0, 10, 6)
        mouse(3, 10, 6)  # release
        s = t.sync()
        self.assertIn(items[2]["summary"][:30], reader(s))
        self.assertIn(items[2]["title"][:30], reader(s))
        s = t.press("q")
        self.assertEqual(reader(s), "")
        self.assertNotIn("By ", s)
        # Wheel down over the list moves the selection three items, from
        # the article just closed (3) to 6.
        mouse(65, 10, 3)
        s = t.press("Enter")
        self.assertIn(items[5]["summary"][:30], reader(s))

    def test_split_escape_sequences_are_not_keys(self):
        # A terminal's sequence that arrives in pieces (a slow link, a
        # loaded machine): the Esc alone past the escape delay, the rest
        # later. It must be read as the mouse report or key it is, never as
        # "[", "M" and letters (a "q" among them would quit). The pieces
        # are written by tmux in separate commands, so ldnews sees the Esc
        # alone unless the rest happens to follow within 25 ms; either way
        # the outcome must be the same.
        items = listing(SAMPLE)
        t = self.start(SAMPLE, width=100)
        t.ready("51/51, 51 unread")
        # A click on item 3 at column 80, whose X10 byte is "q".
        t.text("\x1b")
        t.text("[M" + chr(32) + "q" + chr(33 + 6))
        s = t.sync()
        self.assertFalse(t.dead()[0])
        self.assertIn(items[2]["title"][:30], reader(s))
        # Down, split the same way, moves the selection from 3 to 4.
        s = t.press("q")
        self.assertEqual(reader(s), "")
        t.text("\x1b")
        t.text("[B")
        s = t.press("Enter")
        self.assertIn(items[3]["title"][:30], reader(s))
        # A lone Esc is still Esc: it closes the reader.
        self.assertEqual(reader(t.press("Escape")), "")

    def test_ctrl_z_suspends_and_resumes(self):
        # Job control needs an interactive shell, as a user has.
        t = self.start(SAMPLE, shell_tail="", interactive=True)
        t.ready("51/51, 51 unread")
        pid = t.ldnews_pid()
        t.keys("C-z")
        # The process stops (state T); bash may be slow to print its notice
        # and prompt under load, so the kernel's word is what counts.
        end = time.monotonic() + 30
        while time.monotonic() < end and proc_state(pid) != "T":
            time.sleep(0.05)
        self.assertEqual(proc_state(pid), "T")
        # The terminal was handed back (the status line's text: the
        # command line bash echoes may hold "unread" in its paths).
        self.assertNotIn("51/51, 51 unread", t.screen())
        t.text("fg")
        t.keys("Enter")
        t.wait_for("51/51, 51 unread")
        s = t.sync()
        self.assertTrue(s.startswith(" London Daily"), s)
        self.quit(t)

    def test_marks_persist_in_the_cache(self):
        items = listing(SAMPLE)
        t = self.start(SAMPLE)
        t.ready("51/51, 51 unread")
        t.text("2")
        self.assertIn(items[1]["summary"][:30], reader(t.press("Enter")))
        s = t.press("s", "q")  # star it, back to the list
        self.assertIn("51/51, 50 unread", status(s))
        self.assertRegex(s.split("\n")[3], r"^ 2 \* Kamala Harris Wins")
        self.quit(t)
        # A second run on the same cache, offline: the marks are there.
        home = t.tmp
        t2 = Term(["--offline", SAMPLE], env={"HOME": home, "XDG_DATA_HOME": os.path.join(home, "data")})
        self.addCleanup(t2.close)
        self.term = t2
        self.expect_exit = False
        s = t2.ready("51/51, 50 unread")
        self.assertRegex(s.split("\n")[3], r"^ 2 \* Kamala Harris Wins")
        s = t2.press("S")
        self.assertIn("1/51, 50 unread starred", s)
        self.assertRegex(s.split("\n")[1], r"^1 \* Kamala Harris Wins")

    def _row_read(self, s, n):
        """Whether row n of a one-feed list shows as read (no dot)."""
        m = re.search(rf"\n *{n} (\u25cf| ) ", s)
        self.assertIsNotNone(m, s)
        return m.group(1) == " "

    def test_mark_all_read_and_undo(self):
        # A marks every article of the view read (a search's three here),
        # says how many and that u undoes; u restores exactly those marks
        # (the article read before stays read), once. (At 60 columns the
        # counts and the filter leave the message no room.)
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                self.expect_exit = False
                t = self.start(SAMPLE, "--no-cache", width=w, height=h)
                t.ready("51/51, 51 unread")
                t.keys("/")
                t.text("winter fu")
                s = t.press("Enter")
                self.assertIn("3/51, 51 unread", status(s))
                t.text("1")
                t.press("Enter")
                s = t.press("q")  # row 1 read
                self.assertIn("3/51, 50 unread", status(s))
                s = t.press("A")
                if w >= 80:
                    says(self, s, "2 marked read (u undoes)")
                self.assertIn("3/51, 48 unread", status(s))
                for n in (1, 2, 3):
                    self.assertTrue(self._row_read(s, n), s)
                self.compare_golden(f"mark-all-{w}x{h}", s)
                s = t.press("u")
                if w >= 80:
                    says(self, s, "2 marked unread again")
                self.assertIn("3/51, 50 unread", status(s))
                self.assertEqual([self._row_read(s, n) for n in (1, 2, 3)],
                                 [True, False, False], s)
                s = t.press("u")
                if w >= 80:
                    says(self, s, "Nothing to undo (u undoes the last A)")
                self.assertIn("3/51, 50 unread", status(s))

    def test_mark_all_read_persists_in_the_cache(self):
        # Without a filter A marks every article of the feeds (one
        # statement); a second run on the same cache has the marks.
        t = self.start(SAMPLE)
        t.ready("51/51, 51 unread")
        s = t.press("A")
        says(self, s, "51 marked read (u undoes)")
        self.assertIn("51/51, 0 unread", status(s))
        s = t.press("A")
        says(self, s, "Nothing to mark: every article shown is read")
        self.quit(t)
        home = t.tmp
        t2 = Term(["--offline", SAMPLE], env={"HOME": home,
                                              "XDG_DATA_HOME": os.path.join(home, "data")})
        self.addCleanup(t2.close)
        self.term = t2
        self.expect_exit = False
        s = t2.ready("51/51, 0 unread")
        # The undo is of the run that did A: a new one has none.
        says(self, t2.press("u"), "Nothing to undo (u undoes the last A)")

    def test_unread_only_and_next_unread(self):
        # U shows the unread articles only, says so in the status line,
        # and Esc clears it; n and p go to the next and previous unread
        # row (selected in the list, opened in the reader).
        items = listing(SAMPLE)
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                self.expect_exit = False
                t = self.start(SAMPLE, "--no-cache", width=w, height=h)
                t.ready("51/51, 51 unread")
                t.press("j", "N", "j", "N")  # rows 2 and 3 read
                s = t.press("U")
                self.assertIn("49/51, 49 unread", status(s))
                if w >= 80:
                    self.assertIn(", unread only (Esc clears)", status(s))
                self.compare_golden(f"unread-only-{w}x{h}", s)
                s = t.press("Escape")
                self.assertIn("51/51, 49 unread", status(s))
                s = t.press("g", "n")  # from row 1 over the read 2 and 3
                cursor = int(t.tmux("display", "-p", "-t", "t", "#{cursor_y}").strip())
                self.assertRegex(s.split("\n")[cursor], r"^ *4 ", s)
                s = t.press("p")
                cursor = int(t.tmux("display", "-p", "-t", "t", "#{cursor_y}").strip())
                self.assertRegex(s.split("\n")[cursor], r"^ *1 ", s)
                s = t.press("p")
                says(self, s, "No unread article before this one")
                # In the reader n opens the next unread one, and marks it.
                t.press("Enter")  # 1, read
                s = t.press("n")
                self.assertIn(items[3]["title"][:25], reader(s))
                self.assertIn("51/51, 47 unread", status(s))

    def test_next_unread_goes_on_to_the_next_feed(self):
        # With the feed filter on one feed, n past its last unread article
        # opens the first unread one of the next feed that has any.
        tmp = tempfile.mkdtemp(prefix="ldnews-next-feed-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        a, b = os.path.join(tmp, "a.xml"), os.path.join(tmp, "b.xml")
        for path, title, word, n, hour0 in ((a, "London Daily", "Story", 2, 9),
                                             (b, "Other Daily", "Other", 2, 1)):
            with open(path, "w") as f:
                f.write(f'<rss version="2.0"><channel><title>{title}</title>')
                for i in range(n):
                    f.write(f"<item><title>{word} number {i}</title><guid>{word}{i}</guid>"
                            f"<pubDate>Thu, 12 Sep 2024 {hour0 + i:02d}:00:00 GMT</pubDate>"
                            "</item>")
                f.write("</channel></rss>")
        t = self.start(a, b, "--no-cache", width=100, height=30)
        t.ready("4/4, 4 unread")
        s = t.press("F")
        self.assertRegex(s, r"2/2\s+London Daily")
        s = t.press("Enter", "Escape")  # London Daily only
        self.assertIn("2/4, 4 unread", status(s))
        s = t.press("Enter")
        self.assertIn("Story number 1", reader(s))
        s = t.press("n")
        self.assertIn("Story number 0", reader(s))
        s = t.press("n")  # on to Other Daily
        self.assertIn("Other number 1", reader(s))
        self.assertIn("2/4, 1 unread", status(s))
        s = t.press("n")
        self.assertIn("Other number 0", reader(s))
        s = t.press("n")
        says(self, s, "No unread article after this one")
        self.assertIn("Other number 0", reader(s))
        # A feed whose unread articles the search hides is passed over,
        # and the view stays as it was.
        t.press("q", "F", "c", "Enter", "Escape")  # London Daily only
        s = t.press("N")  # Story number 1 unread again
        self.assertIn("2/4, 1 unread", status(s))
        t.press("F", "c", "j", "Enter", "Escape", "/")  # Other Daily only
        t.text("other")
        s = t.press("Enter", "g", "n")
        says(self, s, "No unread article after this one")
        self.assertIn("2/4, 1 unread 1 feed /other", status(s))
        self.assertNotIn("Story", s)

    def test_feed_pane_lists_every_feed_with_counts(self):
        # Every feed of the plan, the failed one too (marked, with its
        # cause), with unread/total counts; s sorts by unread instead of
        # by name; the counts follow the marks. Relative paths keep the
        # screen the same in any checkout.
        tmp = tempfile.mkdtemp(prefix="ldnews-feed-pane-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        subprocess.run(["cp", SAMPLE, os.path.join(tmp, "london.xml")], check=True)
        subprocess.run(["cp", os.path.join(FEEDS, "rdf.xml"), tmp], check=True)
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                self.expect_exit = False
                t = self.start("london.xml", "rdf.xml", "gone.xml", "--no-cache",
                               width=w, height=h, cwd=tmp)
                t.wait_for("1 failed (E)")
                t.sync()
                t.text("1")
                t.press("Enter")
                s = t.press("q", "F")  # one of the sample's read
                self.assertIn(" Feeds by name", s)
                rows = [l for l in s.split("\n") if re.search(r"\d+/\d+ ", l)][:3]
                self.assertRegex(rows[0], r"!\s+0/0\s+gone\.xml\s+failed: cannot read gone")
                self.assertRegex(rows[1], r"50/51\s+London Daily\s")
                self.assertRegex(rows[2], r"2/2\s+London Daily \(RDF\)")
                self.assertIn("3 feeds, 1 failed (E), showing all", s)
                self.compare_golden(f"feed-pane-{w}x{h}", s)
                s = t.press("s")
                self.assertIn(" Feeds by unread", s)
                rows = [l for l in s.split("\n") if re.search(r"\d+/\d+ ", l)][:3]
                self.assertRegex(rows[0], r"50/51\s+London Daily\s")
                self.assertRegex(rows[1], r"2/2\s+London Daily \(RDF\)")
                self.assertRegex(rows[2], r"0/0\s+gone\.xml")
                # Enter on the RDF feed: its articles only.
                s = t.press("j", "Enter", "Escape")
                self.assertIn("2/53, 52 unread", status(s))

    def test_feed_pane_counts_follow_a_refresh(self):
        # The pane open while a refresh merges new articles: its counts
        # are made again (ui_feeds_stale), no key pressed.
        tmp = tempfile.mkdtemp(prefix="ldnews-feed-counts-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        path = os.path.join(tmp, "a.xml")

        def write(n):
            with open(path + ".tmp", "w") as f:
                f.write('<rss version="2.0"><channel><title>Counted Daily</title>')
                for i in range(n):
                    f.write(f"<item><title>Story {i}</title><guid>s{i}</guid>"
                            f"<pubDate>Thu, 12 Sep 2024 {9 + i:02d}:00:00 GMT</pubDate></item>")
                f.write("</channel></rss>")
            os.replace(path + ".tmp", path)

        write(2)
        t = self.start(path, "--refresh", "1", "--no-cache", width=100, height=24)
        t.ready("2/2, 2 unread")
        s = t.press("F")
        self.assertRegex(s, r"2/2\s+Counted Daily")
        write(3)
        s = t.wait_for("3/3 ")
        self.assertRegex(s, r"3/3\s+Counted Daily")
        self.assertIn("Feeds by name", s)

    def test_large_cache_starts_and_searches(self):
        # A cache big enough that the worker is still making display caches
        # while the reader already shows and searches the articles.
        tmp = tempfile.mkdtemp(prefix="ldnews-big-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        feed = os.path.join(tmp, "big.xml")
        genfeed.write_feed(feed, 3000, seed=3)
        cache = os.path.join(tmp, "cache.db")
        subprocess.run([LDNEWS, "--cache", cache, "--list", feed], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, TZ="UTC"))
        # A word of the newest headline: the reader's search must find what
        # --find finds over the same cache.
        first = listing(feed)[0]["title"]
        word = max(re.findall(r"[A-Za-z]{5,}", first), key=len).lower()
        found = subprocess.run([LDNEWS, "--offline", "--cache", cache, "--list", "--find", word,
                                feed], capture_output=True, text=True, check=True,
                               env=dict(os.environ, TZ="UTC")).stdout.splitlines()
        self.assertTrue(0 < len(found) < 3000, (word, len(found)))
        t = self.start("--offline", "--cache", cache, feed)
        t.ready("3000/3000")
        t.keys("/")
        s = t.type(word)
        self.assertIn(f"{len(found)}/3000", status(s))
        s = t.press("Enter")
        self.assertNotIn("searching", s)
        self.assertIn(f"{len(found)}/3000", status(s))

    def test_refresh_brings_new_articles_and_keeps_the_selection(self):
        tmp = tempfile.mkdtemp(prefix="ldnews-refresh-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        feed = os.path.join(tmp, "feed.xml")

        def write(n):
            with open(feed + ".tmp", "w") as f:
                f.write('<rss version="2.0"><channel><title>London Daily</title>')
                for i in range(n):
                    f.write(f"<item><title>Story number {i}</title><guid>s{i}</guid>"
                            f"<pubDate>Thu, 12 Sep 2024 {9 + i:02d}:00:00 GMT</pubDate></item>")
                f.write("</channel></rss>")
            os.replace(feed + ".tmp", feed)

        write(3)
        for args in ([feed], ["--no-cache", feed]):
            t = self.start(*args)
            t.ready("3/3, 3 unread")
            t.press("j")  # select number 2, "Story number 1"
            write(5)
            t.keys("r")
            t.wait_for("5/5, 5 unread")
            s = t.sync()
            lines = s.split("\n")
            # The two newer stories come first; the selection followed its
            # article to number 4 (the cursor sits on the selected row).
            self.assertRegex(lines[1], r"^1 ● Story number 4")
            cursor = int(t.tmux("display", "-p", "-t", "t", "#{cursor_y}").strip())
            self.assertRegex(lines[cursor], r"^4 ● Story number 1")
            self.quit(t)
            write(3)

    def _story_feed(self, prefix):
        tmp = tempfile.mkdtemp(prefix=prefix)
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        feed = os.path.join(tmp, "feed.xml")

        def write(n):
            with open(feed + ".tmp", "w") as f:
                f.write('<rss version="2.0"><channel><title>London Daily</title>')
                for i in range(n):
                    f.write(f"<item><title>Story number {i}</title><guid>s{i}</guid>"
                            f"<pubDate>Thu, 12 Sep 2024 {9 + i:02d}:00:00 GMT</pubDate></item>")
                f.write("</channel></rss>")
            os.replace(feed + ".tmp", feed)
        return tmp, feed, write

    def test_ignore_rules_hide_and_are_counted(self):
        # [ignore] hides what it matches from the view, and the status line
        # says how many; --no-ignore shows them.
        tmp, feed, write = self._story_feed("ldnews-ignore-")
        write(3)
        conf = os.path.join(tmp, "config")
        with open(conf, "w") as f:
            f.write("[ignore]\ntitle = number 1\n")
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                self.expect_exit = False
                t = self.start("-c", conf, "--cache", os.path.join(tmp, "c.db"), feed,
                               width=w, height=h)
                s = t.ready("1 hidden")
                self.assertNotIn("Story number 1", s)
                self.assertIn("Story number 2", s)
                self.assertIn("2/3, 3 unread, 1 hidden", status(s))
                self.compare_golden(f"ignore-hidden-{w}x{h}", s)
                self.quit(t)
        t = self.start("-c", conf, "--no-ignore", "--cache", os.path.join(tmp, "c.db"), feed)
        s = t.ready("3/3, 3 unread")
        self.assertIn("Story number 1", s)
        self.assertNotIn("hidden", s)
        self.quit(t)

    def test_notify_runs_when_a_refresh_brings_new_articles(self):
        # The config's notify command gets the count and the newest title
        # (argv, no shell) once a refresh ends that brought new articles;
        # not for the first fill of an empty cache.
        tmp, feed, write = self._story_feed("ldnews-notify-")
        marker = os.path.join(tmp, "notified")
        bdir, script = marker_script(marker)
        self.addCleanup(subprocess.run, ["rm", "-rf", bdir])
        conf = os.path.join(tmp, "config")
        with open(conf, "w") as f:
            f.write(f"[general]\nnotify = {script} --from-ldnews\n")
        write(3)
        t = self.start("-c", conf, "--cache", os.path.join(tmp, "c.db"), feed)
        t.ready("3/3, 3 unread")
        t.wait(lambda s: "refreshed" in status(s), what="the first refresh's end")
        self.assertFalse(os.path.exists(marker))
        write(5)
        t.keys("r")
        t.wait(lambda s: "5/5" in s and "refreshed" in status(s), what="the refresh's end")
        with open(marker) as f:
            self.assertEqual(f.read(), "--from-ldnews 2 Story number 4\n")
        self.quit(t)

    def test_refresh_replaces_only_the_changed_feed(self):
        # Two feeds, one changes: its articles are read again and put in
        # place of its old ones; the other feed's stay as they were (the
        # read mark, the selection on one of them).
        tmp = tempfile.mkdtemp(prefix="ldnews-refresh-part-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        a, b = os.path.join(tmp, "a.xml"), os.path.join(tmp, "b.xml")

        def write(path, title, word, n, hour0):
            with open(path + ".tmp", "w") as f:
                f.write(f'<rss version="2.0"><channel><title>{title}</title>')
                for i in range(n):
                    f.write(f"<item><title>{word} number {i}</title><guid>{word}{i}</guid>"
                            f"<pubDate>Thu, 12 Sep 2024 {hour0 + i:02d}:00:00 GMT</pubDate></item>")
                f.write("</channel></rss>")
            os.replace(path + ".tmp", path)

        write(a, "London Daily", "Story", 3, 9)
        write(b, "Other Daily", "Other", 2, 1)
        t = self.start(a, b)
        t.ready("5/5, 5 unread")
        t.press("j", "j", "j")  # row 4, "Other number 1"
        s = t.press("N")
        self.assertIn("5/5, 4 unread", status(s))
        write(a, "London Daily", "Story", 5, 9)
        t.keys("r")
        t.wait_for("7/7, 6 unread")
        s = t.sync()
        lines = s.split("\n")
        self.assertRegex(lines[1], r"^1 ● London Daily +Story number 4")
        cursor = int(t.tmux("display", "-p", "-t", "t", "#{cursor_y}").strip())
        self.assertRegex(lines[cursor], r"^6 +Other Daily +Other number 1")
        self.assertRegex(s, r"\n7 ● Other Daily +Other number 0")
        self.quit(t)

    def stty_after_exit(self, t, state):
        t.wait(lambda s: os.path.getsize(state) > 0, what="stty output")
        with open(state) as f:
            return f.read()

    def test_quit_restores_terminal(self):
        state = tempfile.NamedTemporaryFile(delete=False)
        state.close()
        self.addCleanup(os.unlink, state.name)
        t = self.start(SAMPLE, shell_tail=f"; stty -a > {state.name}")
        t.ready("51/51, 51 unread")
        self.quit(t, "q")
        stty = self.stty_after_exit(t, state.name)
        self.assertRegex(stty, r"(^|\s)icanon(\s|$)")
        self.assertRegex(stty, r"(^|\s)echo(\s|$)")

    def test_sigterm_exits_cleanly(self):
        state = tempfile.NamedTemporaryFile(delete=False)
        state.close()
        self.addCleanup(os.unlink, state.name)
        t = self.start(SAMPLE, shell_tail=f"; stty -a > {state.name}")
        t.ready("51/51, 51 unread")
        os.kill(t.ldnews_pid(), signal.SIGTERM)
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)
        text = self.stty_after_exit(t, state.name)
        self.assertRegex(text, r"(^|\s)icanon(\s|$)")
        self.assertRegex(text, r"(^|\s)echo(\s|$)")


class FeedServer(TestServer):
    """The loopback test server over a directory of the test's own, so that
    the test can rewrite the feed it serves."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="ldnews-served-")
        super().__init__(self.root, log=os.path.join(self.root, "requests.jsonl"),
                         max_seconds=300)

    def url(self, name):
        return f"http://127.0.0.1:{self.port}/file/{name}"

    def write(self, name, n, dated=True):
        """An RSS feed of n stories, newest last in the file: story i has
        a link, a body with a link, tags and (story 0) an enclosure."""
        items = []
        for i in range(n):
            date = f"<pubDate>Thu, 12 Sep 2024 {9 + i:02d}:00:00 GMT</pubDate>" if dated else ""
            enc = ('<enclosure url="https://example.org/s0.mp3" type="audio/mpeg" length="9"/>'
                   if i == 0 else "")
            items.append(
                f"<item><title>Story number {i}</title><guid>s{i}</guid>"
                f"<link>https://example.org/story/{i}</link>{date}"
                f"<category>{'Even' if i % 2 == 0 else 'Odd'}</category>"
                f"<description>Standfirst of story {i}.</description>"
                f"<content:encoded><![CDATA[<p>Body {i} with "
                f"<a href=\"https://example.org/more/{i}\">a link</a>.</p>]]></content:encoded>"
                f"{enc}</item>")
        text = ('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                "<channel><title>Kiosk Daily</title><description>On the wall</description>"
                + "".join(items) + "</channel></rss>")
        tmp = os.path.join(self.root, name + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, os.path.join(self.root, name))  # never half a file

    def requests(self, name=None):
        return super().requests(None if name is None else f"/file/{name}")

    def stop(self):
        super().stop()
        subprocess.run(["rm", "-rf", self.root])


def tree_state(top):
    """Every directory and file under top: its name, mtime and (files) the
    sha256 of its bytes, so that any write, creation or removal shows."""
    state = {}
    for d, dirs, files in os.walk(top):
        st = os.lstat(d)
        state[os.path.relpath(d, top) + "/"] = st.st_mtime_ns
        for name in files:
            path = os.path.join(d, name)
            st = os.lstat(path)
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            state[os.path.relpath(path, top)] = (st.st_mtime_ns, st.st_size, digest)
    return state


def marker_script(marker):
    """A BROWSER (or player) that would leave a marker file behind."""
    d = tempfile.mkdtemp(prefix="ldnews-browser-")
    script = os.path.join(d, "browser")
    with open(script, "w") as f:
        f.write(f"#!/bin/sh\necho \"$@\" >> {shlex.quote(marker)}\n")
    os.chmod(script, 0o755)
    return d, script


class Kiosk(TuiCase):
    """--kiosk: read-only, starts nothing, cannot be left from the keyboard,
    keeps itself current, and goes back to the script's view."""

    def setUp(self):
        self.server = FeedServer()
        self.addCleanup(self.server.stop)
        # The whole home of the session, checksummed before and after.
        self.tree = tempfile.mkdtemp(prefix="ldnews-kiosk-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.tree])
        home = os.path.join(self.tree, "home")
        self.env = loopback_env({
            "HOME": home, "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_STATE_HOME": os.path.join(home, ".local", "state")})
        for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.makedirs(os.path.join(self.env[k], "ldnews"))
        self.cache = os.path.join(self.env["XDG_DATA_HOME"], "ldnews", "cache.db")
        self.marker = os.path.join(tempfile.mkdtemp(prefix="ldnews-marker-"), "ran")
        bdir, self.browser = marker_script(self.marker)
        self.addCleanup(subprocess.run, ["rm", "-rf", bdir, os.path.dirname(self.marker)])
        self.env["BROWSER"] = self.browser

    def fill_cache(self, url):
        """An ordinary (writing) run leaves the cache the kiosk reads."""
        p = subprocess.run([LDNEWS, "--list", url], capture_output=True, text=True,
                           env=dict(os.environ, **self.env))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(os.path.exists(self.cache))

    def sigterm(self, t):
        os.kill(t.ldnews_pid(), signal.SIGTERM)
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)

    def assert_nothing_started(self, t):
        self.assertFalse(os.path.exists(self.marker), "the browser was started")
        self.assertEqual(children(t.ldnews_pid()), [])

    def test_a_session_writes_nothing(self):
        url = self.server.url("feed.xml")
        self.server.write("feed.xml", 3)
        self.fill_cache(url)
        self.server.write("feed.xml", 4)  # one more than the cache has
        before = tree_state(self.tree)
        t = self.start("--kiosk", "--refresh", "1", url, env=self.env)
        # The cache at once, then the fetch merged over it in memory.
        t.ready("4/4, 4 unread")
        # Open, move, mark (in memory), back.
        self.assertIn("Body 2 with", reader(t.press("2", "Enter")))
        s = t.press("n", "p", "N", "s", "N", "A", "u", "U", "U", "q")
        self.assertEqual(reader(s), "")
        # Filter by tag, then search bodies (the cache's index and memory).
        self.assertIn("Tags: Enter include", t.press("t"))
        t.text("/Odd")
        s = t.press("Enter", "Enter", "Escape")
        self.assertRegex(status(s), r"2/4, \d unread #Odd")
        t.keys("T", "/")
        t.text("body 3")
        s = t.press("Enter")
        self.assertRegex(status(s), r"1/4, \d unread /body 3")
        t.press("/", "C-u")
        t.press("Escape")
        s = t.press("/", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "Enter")
        self.assertRegex(status(s), r"4/4, \d unread  ")
        # The feed pane, the error list, the help.
        self.assertIn("Feeds by ", t.press("F"))
        self.assertIn("No feed errors", t.press("Escape", "E"))
        self.assertIn("Keys (", t.press("Escape", "?"))
        self.assertNotIn("Keys (", t.press("Escape"))
        # Every refused key, with an article open; each says so.
        self.assertIn("Body 3 with", reader(t.press("1", "Enter")))
        for k, what in (("o", "browser"), ("e", "enclosures"), ("r", "refresh"),
                        ("R", "refresh"), ("Q", "quit")):
            t.text(k)
            self.assertIn(f"{what}: disabled in kiosk mode", t.sync())
            self.assertNotIn("disabled in kiosk mode", t.press("Escape"))
        t.text("l")
        s = t.press("1", "Enter", "q", "q", "C-c", "C-\\", "C-z")
        self.assertIn("4/4", s)
        # Refreshes go on by themselves: a new story appears, no key pressed.
        self.server.write("feed.xml", 5)
        t.wait_for("5/5")
        self.assertGreaterEqual(len(self.server.requests("feed.xml")), 3)
        self.sigterm(t)
        self.assertEqual(tree_state(self.tree), before)
        self.assertFalse(os.path.exists(self.cache + "-wal"))
        self.assertFalse(os.path.exists(self.cache + "-shm"))
        self.assertFalse(os.path.exists(self.marker))

    def test_no_cache_file_creates_none(self):
        self.server.write("feed.xml", 2)
        before = tree_state(self.tree)
        t = self.start("--kiosk", self.server.url("feed.xml"), env=self.env)
        t.ready("2/2, 2 unread")
        self.assertIn("Body 1 with", reader(t.press("1", "Enter")))
        self.sigterm(t)
        self.assertEqual(tree_state(self.tree), before)

    def test_starts_no_program(self):
        url = self.server.url("feed.xml")
        self.server.write("feed.xml", 3)
        t = self.start("--kiosk", url, env=self.env)
        t.ready("3/3, 3 unread")
        # story 0: a link, a body link, an enclosure
        self.assertIn("Body 0 with", reader(t.press("3", "Enter")))
        t.text("o")
        self.assertIn("browser: disabled in kiosk mode", t.sync())
        t.text("l")
        self.assertIn("links: disabled in kiosk mode", t.sync())
        self.assertIn("Body 0 with", reader(t.press("1", "Enter", "3", "Enter")))
        t.text("e")
        self.assertIn("enclosures: disabled in kiosk mode", t.sync())
        t.keys("1", "Enter")
        # Every other key, each with story 0 open, then whatever opened closed.
        for c in range(0x21, 0x7f):
            t.keys("3", "Enter")
            t.text(chr(c))
            t.keys("1", "Enter", "Escape", "Escape")
        for k in ("Enter", "Tab", "Space", "BSpace", "Left", "Right", "Home", "End",
                  "PPage", "NPage", "DC", "C-o", "C-e", "C-l", "C-x", "C-d"):
            t.keys("3", "Enter", k, "Escape")
        # Every key handled; still there, still answering, nothing started.
        self.assertIn("/3, ", t.sync())
        self.assert_nothing_started(t)
        self.sigterm(t)
        self.assertFalse(os.path.exists(self.marker))

    def test_pipe_save_and_copy_are_refused(self):
        # With a copy and a pipe command set, and the working directory
        # in the checked tree: nothing runs, nothing is written.
        conf = os.path.join(self.env["XDG_CONFIG_HOME"], "ldnews", "config")
        with open(conf, "w") as f:
            f.write(f"[general]\ncopy = {self.browser}\npipe = {self.browser}\n"
                    "[keys]\ncopy = P\n")
        before = tree_state(self.tree)
        t = self.start("--kiosk", SAMPLE, env=self.env, cwd=self.tree)
        t.ready("51/51, 51 unread")
        self.assertIn("China's tech sector", reader(t.press("1", "Enter")))
        # P in place of y: whatever key is bound to them.
        for k, what in (("|", "pipe"), ("w", "save"), ("P", "copy")):
            t.text(k)
            s = t.sync()
            self.assertIn(f"{what}: disabled in kiosk mode", status(s))
            self.assertNotIn("Pipe to", s)
            self.assertNotIn("Save to", s)
            t.keys("Enter")
        self.assertIn("China's tech sector", reader(t.sync()))
        self.assert_nothing_started(t)
        self.sigterm(t)
        self.assertEqual(tree_state(self.tree), before)

    def test_keyboard_cannot_end_or_suspend_it(self):
        state = tempfile.NamedTemporaryFile(delete=False)
        state.close()
        self.addCleanup(os.unlink, state.name)
        # An interactive shell with job control, where Ctrl-Z would stop it.
        t = self.start("--kiosk", SAMPLE, env=self.env, interactive=True,
                       shell_tail=f"; stty -a > {state.name}")
        t.ready("51/51, 51 unread")
        pid = t.ldnews_pid()
        tty = t.tmux("display", "-p", "-t", "t", "#{pane_tty}").strip()
        stty = subprocess.run(["stty", "-a", "-F", tty], capture_output=True, text=True).stdout
        self.assertRegex(stty, r"(^|\s)-isig(\s|$)")
        self.assertRegex(stty, r"(^|\s)-icanon(\s|$)")
        # Each key handled (a stopped or ended ldnews answers no probe).
        for k in ("q", "Q", "C-c", "C-\\", "C-z"):
            s = t.press(k)
            self.assertNotEqual(proc_state(pid), "T", k)
            self.assertIn("51/51, 51 unread", s, k)
            self.assertFalse(t.dead()[0], k)
        # Sent by another process, they are ignored too: a signal sent
        # before the probe is delivered before ldnews reads it.
        for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
            os.kill(pid, sig)
            t.sync()
            self.assertNotEqual(proc_state(pid), "T", sig)
            self.assertFalse(t.dead()[0], sig)
        self.assertEqual(t.ldnews_pid(), pid)
        self.sigterm(t)
        t.wait(lambda s: os.path.getsize(state.name) > 0, what="stty output")
        with open(state.name) as f:
            stty = f.read()
        self.assertRegex(stty, r"(^|\s)icanon(\s|$)")
        self.assertRegex(stty, r"(^|\s)echo(\s|$)")
        self.assertRegex(stty, r"(^|\s)isig(\s|$)")

    def test_sighup_ends_it_cleanly(self):
        t = self.start("--kiosk", SAMPLE, env=self.env)
        t.ready("51/51, 51 unread")
        os.kill(t.ldnews_pid(), signal.SIGHUP)
        self.expect_exit = True
        self.assertEqual(t.wait_exit(), 0)

    def test_refreshes_itself_and_shows_stale(self):
        url = self.server.url("feed.xml")
        self.server.write("feed.xml", 3)
        t = self.start("--kiosk", "--refresh", "1", url, env=self.env)
        # Refreshing every second: "fetching" and "refreshed HH:MM" take
        # turns in the status line; the first refresh's end is awaited.
        t.wait(lambda s: "3/3, 3 unread" in s and re.search(r"refreshed \d\d:\d\d", status(s)),
               what="the first refresh done")
        self.server.write("feed.xml", 4)
        t.wait_for("4/4, 4 unread")
        s = t.sync()
        self.assertRegex(s.split("\n")[1], r"^1 ● Story number 3")
        # Between changes the validators kept in memory make them 304s.
        reqs = self.server.requests("feed.xml")
        heads = [{k.lower() for k in r["headers"]} for r in reqs]
        self.assertNotIn("if-none-match", heads[0])
        self.assertIn("if-none-match", heads[-1])
        # The feed goes away: the last good edition stays, marked stale.
        os.unlink(os.path.join(self.server.root, "feed.xml"))
        t.wait_for("stale since")
        s = t.sync()
        self.assertIn("4/4, 4 unread", s)
        self.assertIn("Story number 3", s)
        self.assertIn("HTTP 404", t.press("E"))
        t.press("Escape")
        # Backing off: the next tries wait 2 s, then 4 s (not 1 s: 5 tries).
        # The sleep is the window measured, not a wait for ldnews.
        n = len(self.server.requests("feed.xml"))
        time.sleep(5)
        self.assertLessEqual(len(self.server.requests("feed.xml")) - n, 2)
        self.server.write("feed.xml", 5)
        t.wait(lambda s: "5/5" in s and "stale" not in s, what="fresh again")

    def test_no_stale_banner_before_a_fetch(self):
        # Offline, with a cache that fails to load: nothing was fetched, so
        # nothing is stale; the status line says what went wrong.
        url = self.server.url("feed.xml")
        self.server.write("feed.xml", 3)
        self.fill_cache(url)
        db = sqlite3.connect(self.cache)
        db.execute("DROP TABLE enclosures")
        db.commit()
        db.close()
        t = self.start("--kiosk", "--offline", url, env=self.env)
        # "refreshed": the worker is done; the probe's frame comes after
        # the reader took its end in.
        t.wait(lambda s: "refreshed --:--" in status(s), what="the run's end")
        s = t.sync()
        self.assertIn("cache: ", status(s))
        self.assertIn("0/0, 0 unread", status(s))
        self.assertNotIn("stale", s)
        self.sigterm(t)

    def test_memory_keeps_the_retention(self):
        # A busy feed, fetched into memory every second: the list keeps the
        # cache's [retention], so memory stays flat however long it runs.
        with open(os.path.join(self.env["XDG_CONFIG_HOME"], "ldnews", "config"), "w") as f:
            f.write("[retention]\nmax-per-feed = 3\n")
        url = self.server.url("feed.xml")
        self.server.write("feed.xml", 2)
        t = self.start("--kiosk", "--refresh", "1", url, env=self.env)
        t.ready("2/2, 2 unread")
        self.assertIn("Body 0 with", reader(t.press("2", "Enter")))
        for n in (6, 10, 14):
            self.server.write("feed.xml", n)
            t.wait_for(f"Story number {n - 1}")
            s = t.sync()
            self.assertIn("3/3, 3 unread", status(s))
            for i in range(n - 3):
                self.assertNotIn(f"Story number {i} ", s)
        # The article that was open went with the others: the reader closed.
        self.assertNotIn("Body 0 with", reader(s))
        self.sigterm(t)

    def test_a_write_left_unfinished_is_said(self):
        # Another ldnews killed in its first fill leaves a hot journal: the
        # kiosk shows the cache as before it, says so, and touches nothing.
        url = self.server.url("feed.xml")
        self.server.write("feed.xml", 3)
        self.fill_cache(url)
        self.assertEqual(kill_sqlite_writer(self.cache, [
            "PRAGMA journal_mode = DELETE", "PRAGMA cache_size = 2", "BEGIN",
            "UPDATE articles SET author = hex(randomblob(60000))"]), -9)
        self.assertTrue(os.path.exists(self.cache + "-journal"))
        before = tree_state(self.tree)
        t = self.start("--kiosk", "--offline", url, env=self.env)
        s = t.ready("3/3, 3 unread")
        self.assertIn("cache: an unfinished write (its -jour", status(s))
        self.sigterm(t)
        self.assertEqual(tree_state(self.tree), before)

    def test_cycle_advances_the_reader(self):
        items = listing(SAMPLE)
        t = self.start("--kiosk", "--cycle", "1", SAMPLE, env=self.env)
        t.wait(lambda s: items[0]["summary"][:30] in reader(s), what="article 1")
        t.wait(lambda s: items[1]["summary"][:30] in reader(s), what="article 2")
        t.wait(lambda s: items[2]["summary"][:30] in reader(s), what="article 3")
        # A key pauses cycling for a minute: two and a half periods pass
        # (the sleep is the time under test) and the reader stays put.
        s = t.press("j", "k")
        shown = reader(s)
        self.assertNotEqual(shown, "")
        time.sleep(2.5)
        self.assertEqual(reader(t.sync()), shown)

    def test_cycle_keeps_the_unread_marks(self):
        # --cycle shows articles nobody chose: a wall screen keeps its
        # unread marks, and its count.
        items = listing(SAMPLE)
        for w, h in self.SIZES:
            with self.subTest(size=f"{w}x{h}"):
                t = self.start("--kiosk", "--cycle", "1", SAMPLE, env=self.env, width=w,
                               height=h)
                t.wait(lambda s: items[1]["summary"][:30] in reader(s), what="article 2")
                self.assertIn("51/51, 51 unread", status(t.screen()))
                # A key pauses cycling; back to the list's top, which is
                # the same screen whichever article was shown last.
                s = t.press("q", "g")
                self.assertEqual(reader(s), "")
                self.assertIn("51/51, 51 unread", status(s))
                self.assertRegex(s.split("\n")[1], r"^ 1 \u25cf ")
                self.assertRegex(s, r"\n 2 \u25cf ")
                self.compare_golden(f"cycle-unread-{w}x{h}", s)

    def test_idle_reset_returns_to_the_starting_view(self):
        royals = listing("--tag", "Royals", SAMPLE)
        items = listing(SAMPLE)
        t = self.start("--kiosk", "--idle-reset", "2", "--tag", "Royals", "--open", "1",
                       SAMPLE, env=self.env)
        s = t.ready(royals[0]["summary"][:30])
        self.assertIn("#Royals", s)
        self.assertIn(royals[0]["summary"][:30], reader(s))
        # Someone reads something else ...
        self.assertIn("51/51", t.press("q", "T"))
        self.assertIn(items[4]["summary"][:30], reader(t.press("5", "Enter")))
        # ... and walks away. The whole starting view, status line included:
        # a capture can catch a frame half written (its top rows already
        # filtered, the reader pane not yet), which a slow build shows.
        t.wait(lambda s: royals[0]["summary"][:30] in reader(s) and
               f"{len(royals)}/51" in s and items[4]["summary"][:30] not in s,
               what="the starting view")
        s = t.sync()
        self.assertIn("#Royals", s)
        self.assertIn(royals[0]["summary"][:30], reader(s))
        self.assertNotIn(items[4]["summary"][:30], s)

    def test_idle_reset_closes_the_tag_pane_and_its_prompt(self):
        royals = listing("--tag", "Royals", SAMPLE)
        t = self.start("--kiosk", "--idle-reset", "2", "--tag", "Royals", SAMPLE, env=self.env)
        t.ready(f"{len(royals)}/51")
        # Two panes open, one on the other: the tag pane, and its search
        # prompt half typed; and the tag filter changed.
        self.assertIn("Tags: Enter include", t.press("T", "t"))
        s = t.type("/Tec")
        self.assertIn("Find tag: Tec", status(s))
        s = t.wait(lambda s: "Tags:" not in s and "Find tag" not in s and
                   f"{len(royals)}/51" in status(s), what="both panes closed")
        # Nothing is left of them: the next key reaches the list, and the
        # tag pane opens with no search.
        s = t.press("t")
        self.assertIn("Tags: Enter include", s)
        self.assertNotIn("matching", s)
        self.assertNotIn("Tags:", t.press("Escape"))


class FullText(TuiCase):
    """f: the open article's text from its web page, fetched in the
    background from the loopback server; f again, the feed's.
    full-text = open fetches it on opening."""

    @classmethod
    def setUpClass(cls):
        cls.server = TestServer(os.path.dirname(FEEDS))
        cls.dir = tempfile.mkdtemp(prefix="ldnews-fulltext-")
        cls.feed = os.path.join(cls.dir, "feed.xml")
        items = [("p1", "Offices into homes", "/file/pages/london-daily.html",
                  "A standfirst only."),
                 ("p2", "Gone page", "/status/404", "Another standfirst."),
                 ("p3", "Slow page", "/slow/25", "A slow standfirst.")]
        with open(cls.feed, "w") as f:
            f.write('<rss version="2.0"><channel><title>LD</title>')
            for i, (guid, title, path, desc) in enumerate(items):
                f.write(f"<item><title>{title}</title><guid>{guid}</guid>"
                        f"<link>{cls.server.base}{path}</link>"
                        f"<pubDate>Thu, 12 Sep 2024 0{9 - i}:00:00 GMT</pubDate>"
                        f"<description>{desc}</description></item>")
            f.write("</channel></rss>")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        subprocess.run(["rm", "-rf", cls.dir])

    BODY = "Councils across London are converting"

    def page_shown(self, t):
        """The screen once the page has come (the fetch is the worker's)."""
        t.wait(lambda s: self.BODY in reader(s), what="the page's text")
        return t.sync()

    def test_f_shows_the_page_and_back(self):
        t = self.start(self.feed, width=120, height=40, env=loopback_env({}))
        t.ready("3/3, 3 unread")
        s = t.press("Enter")
        self.assertIn("A standfirst only.", reader(s))
        self.assertNotIn("from the page", reader(s))
        t.press("f")
        s = self.page_shown(t)
        self.assertIn("Text: from the page", reader(s))
        self.assertIn("[image: An office block in Croydon under conversion]", reader(s))
        self.assertIn("#ANT", reader(s))
        says(self, s, "from the page (f: the feed's text)")
        s = t.press("f")
        self.assertNotIn(self.BODY, reader(s))
        self.assertIn("A standfirst only.", reader(s))
        says(self, s, "the feed's text (f: from the page)")
        # The page is kept: f again shows it at once.
        s = t.press("f")
        self.assertIn(self.BODY, reader(s))
        # A page that cannot be fetched says why; the feed's text stays.
        t.press("n")
        t.press("f")
        msg = f"{self.server.base}/status/404: HTTP 404 Not Found"
        s = t.wait(lambda s: msg in s, what=msg)
        self.assertIn("Another standfirst.", reader(s))
        self.assertNotIn("from the page", reader(s))

    def test_the_page_shown_is_what_e_and_w_take(self):
        # Shown from the page, the article's enclosures are the page's
        # too (its "Listen" audio: e plays it), and w saves what
        # `--show N --full` prints.
        played = os.path.join(self.dir, "played")
        bdir, script = marker_script(played)
        self.addCleanup(subprocess.run, ["rm", "-rf", bdir])
        cwd = tempfile.mkdtemp(prefix="ldnews-fulltext-save-")
        self.addCleanup(subprocess.run, ["rm", "-rf", cwd])
        cache = os.path.join(cwd, "c.db")
        t = self.start("--cache", cache, self.feed, width=120, height=40, cwd=cwd,
                       env=loopback_env({"BROWSER": script}))
        t.ready("3/3, 3 unread")
        says(self, t.press("Enter", "e"), "This article has no enclosures")
        t.press("f")
        self.page_shown(t)
        t.press("e")
        t.wait(lambda s: os.path.exists(played), what="the player run")
        with open(played) as f:
            # (the page's <base> is the site's)
            self.assertEqual(f.read(), "https://londondaily.example/news/audio/london-daily.mp3\n")
        t.keys("w", "C-u")
        t.text("page.txt")
        says(self, t.press("Enter"), "Saved to page.txt")
        p = subprocess.run([LDNEWS, "--cache", cache, "--offline", "--show", "1", "--full",
                            self.feed], capture_output=True,
                           env=dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8"))
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(cwd, "page.txt"), "rb") as f:
            self.assertEqual(f.read(), p.stdout)

    def test_a_slow_page_never_holds_the_reader(self):
        t = self.start(self.feed, width=120, height=40, env=loopback_env({}))
        t.ready("3/3, 3 unread")
        t.type("3")
        t.press("Enter")
        s = t.press("f")
        says(self, s, "fetching the page\u2026")
        # Keys are answered while the server stalls (25 s).
        s = t.press("f")
        says(self, s, "still fetching the page")
        s = t.press("p")
        self.assertIn("Gone page", reader(s))
        s = t.press("q")
        self.assertEqual(reader(s), "")
        # Quitting stops the fetch at once.
        self.quit(t)

    def test_full_text_open_fetches_on_opening(self):
        conf = self.conf(f"[feed]\nurl = {self.feed}\nfull-text = open\n")
        t = self.start("-c", conf, width=120, height=40, env=loopback_env({}))
        t.ready("3/3, 3 unread")
        t.press("Enter")
        s = self.page_shown(t)
        self.assertIn("Text: from the page", reader(s))
        s = t.press("f")
        self.assertIn("A standfirst only.", reader(s))
        self.assertNotIn(self.BODY, reader(s))

    def test_prefetch_after_a_refresh(self):
        page = "/file/pages/london-daily.html"
        before = len(self.server.requests(page))
        conf = self.conf(f"[feed]\nurl = {self.feed}\nfull-text = prefetch\n")
        t = self.start("-c", conf, width=120, height=40, env=loopback_env({}))
        t.ready("3/3, 3 unread")
        # The refresh done, the newest unread pages are fetched and kept
        # without a key pressed.
        db = os.path.join(t.tmp, "data", "ldnews", "cache.db")

        def kept():
            if not os.path.exists(db):
                return 0
            with sqlite3.connect(db) as c:
                return c.execute("SELECT count(*) FROM pages").fetchone()[0]
        end = time.monotonic() + 30
        while kept() < 1 and time.monotonic() < end:
            time.sleep(0.05)
        self.assertEqual(kept(), 1)
        self.assertEqual(len(self.server.requests(page)) - before, 1)
        # Opened, the article shows its page at once, from the cache.
        s = t.press("Enter")
        self.assertIn(self.BODY, reader(s))
        self.assertIn("Text: from the page", reader(s))
        self.assertEqual(len(self.server.requests(page)) - before, 1)
        # The stalled third page does not hold quitting.
        self.quit(t)

    def test_kiosk_may_extract(self):
        t = self.start("--kiosk", self.feed, width=120, height=40, env=loopback_env({}))
        t.ready("3/3, 3 unread")
        t.press("Enter")
        t.press("f")
        self.page_shown(t)
        self.assertEqual(children(t.ldnews_pid()), [])

if __name__ == "__main__":
    unittest.main(verbosity=2)
