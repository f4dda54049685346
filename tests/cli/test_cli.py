#!/usr/bin/env python3
"""End-to-end tests of the real ldnews binary: files, file:// URLs and the
loopback test server (tests/server/testserver.py, started here on 127.0.0.1).

Environment: LDNEWS = path of the binary (meson passes it); LDNEWS_WRAPPER,
when set, a command line put in front of it (valgrind's, from
tests/valgrind-run). Runs with TZ=UTC so dates print the same everywhere.
"""
import base64
import json
import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "support"))
import genfeed  # noqa: E402  (tests/support)
from ldntest import (DATA, FEEDS, LDNEWS, SAMPLE, TestServer, kill_sqlite_writer,  # noqa: E402
                     listing)
# What runs the binary: itself, or under the wrapper.
LDNEWS_CMD = shlex.split(os.environ.get("LDNEWS_WRAPPER", "")) + [LDNEWS]
OPML = os.path.join(DATA, "opml")
# A cache and a config place of the test run's own: never the user's.
DATA_HOME = tempfile.mkdtemp(prefix="ldnews-cli-")
CONFIG_HOME = tempfile.mkdtemp(prefix="ldnews-cli-config-")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", XDG_DATA_HOME=DATA_HOME,
           XDG_CONFIG_HOME=CONFIG_HOME)


def run(*args, timeout=60):
    p = subprocess.run([*LDNEWS_CMD, *args], capture_output=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


class Server(TestServer):
    """The loopback test server over tests/data, on a free port, for the
    whole test run."""

    def __init__(self):
        super().__init__(DATA, max_seconds=600)

    def get(self, path):
        """GET on the server itself (never through a proxy)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.base + path, timeout=10) as r:
            return r.read()

    def alias(self, name, to):
        """Makes /alias/<name> answer as the path `to` from now on."""
        self.get("/control/alias/%s?to=%s" % (name, urllib.parse.quote(to, safe="")))

    def stats(self, reset=False):
        return json.loads(self.get("/stats/reset" if reset else "/stats"))

    def count(self, path):
        """Requests made for exactly this path so far."""
        return len(self.requests(path))

    def host_url(self, host, path):
        return "http://127.0.0.%d:%d%s" % (host, self.port, path)


SERVER = None


def setUpModule():
    global SERVER
    SERVER = Server()


def tearDownModule():
    SERVER.stop()
    subprocess.run(["rm", "-rf", DATA_HOME, CONFIG_HOME])


def assert_clean(test, text):
    """No byte that a terminal would act on: controls other than newline."""
    for ch in text:
        o = ord(ch)
        if ch != "\n" and (o < 0x20 or o == 0x7f or 0x80 <= o <= 0x9f):
            test.fail(f"control character U+{o:04X} in output: {text[:200]!r}")
        if 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
            test.fail(f"bidi override U+{o:04X} in output")


class SampleEdition(unittest.TestCase):
    def test_list(self):
        rc, out, err = run("--list", SAMPLE)
        self.assertEqual((rc, err), (0, ""))
        lines = out.splitlines()
        self.assertEqual(len(lines), 51)
        self.assertEqual(lines[0], " 1  2024-09-12 09:30  China's Tech Sector Focuses on AI Race with "
                         "US Titans like Google and Microsoft  #ANT #Tech #China #Business")
        self.assertTrue(lines[1].startswith(" 2  2024-09-12 08:53  Kamala Harris Wins Post-Debate Survey"))
        self.assertTrue(lines[50].startswith("51  "))

    def test_list_json_matches_text(self):
        rc, out, _ = run("--list", "--json", SAMPLE)
        self.assertEqual(rc, 0)
        items = [json.loads(l) for l in out.splitlines()]
        self.assertEqual([i["n"] for i in items], list(range(1, 52)))
        first = items[0]
        self.assertEqual(first["feed"], "London Daily")
        self.assertEqual(first["published"], "2024-09-12T09:30:00Z")
        self.assertEqual(first["tags"], ["ANT", "Tech", "China", "Business"])
        self.assertEqual(first["author"], "London Daily")
        self.assertTrue(first["summary"].startswith("China's tech sector is focusing"))
        self.assertIs(first["read"], False)
        self.assertIs(first["starred"], False)
        self.assertEqual(set(first), {"n", "feed", "id", "title", "link", "author", "published",
                                      "tags", "summary", "read", "starred"})
        _, text, _ = run("--list", SAMPLE)
        for item, line in zip(items, text.splitlines()):
            self.assertIn(item["title"], line)

    def test_show(self):
        rc, out, err = run("--show", "1", "--width", "60", SAMPLE)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.startswith("China's Tech Sector Focuses on AI Race with US Titans like\n"
                                       "Google and Microsoft\n\n"), out[:200])
        for part in ("By London Daily", "#ANT", "Wang Xiaochuan, founder of the search engine",
                     "Related articles", "Enclosures", "audio/mpeg"):
            self.assertIn(part, out)
        for line in out.splitlines():
            # Lines holding a URL are never broken, so it stays clickable.
            if "://" not in line:
                self.assertLessEqual(len(line), 60, line)

    def test_show_json_and_related_numbers(self):
        rc, out, _ = run("--show", "1", "--json", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(out.count("\n"), 1)
        a = json.loads(out)
        self.assertEqual(a["n"], 1)
        self.assertIn("\n\nChinese scientists, programmers", a["body"])
        self.assertEqual(a["enclosures"][0]["type"], "audio/mpeg")
        self.assertEqual(a["enclosures"][0]["length"], 4718592)
        self.assertGreater(len(a["related"]), 0)
        self.assertLessEqual(len(a["related"]), 5)
        listing = [json.loads(l) for l in run("--list", "--json", SAMPLE)[1].splitlines()]
        for r in a["related"]:
            # The number of a related article opens that article.
            self.assertEqual(listing[r["n"] - 1]["title"], r["title"])
            shared = set(listing[r["n"] - 1]["tags"]) & set(a["tags"])
            self.assertTrue(shared, r)

    def test_every_article_has_a_body(self):
        # The edition reads like the site: each article has paragraphs of its
        # own beyond the standfirst, not a headline with nothing behind it.
        items = listing(SAMPLE)
        bodies = set()
        for item in items:
            rc, out, err = run("--no-cache", "--show", str(item["n"]), "--json", SAMPLE)
            self.assertEqual((rc, err), (0, ""))
            body = json.loads(out)["body"]
            self.assertGreaterEqual(body.count("\n\n"), 2, item["title"])
            self.assertNotIn(item["summary"], body, item["title"])
            bodies.add(body)
        self.assertEqual(len(bodies), len(items))

    def test_sample_is_what_make_sample_writes(self):
        script = os.path.join(os.path.dirname(SAMPLE), "..", "scripts", "make-sample")
        p = subprocess.run([sys.executable, script], capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(SAMPLE, "rb") as f:
            self.assertEqual(p.stdout, f.read())

    def test_tag_filter_numbers_agree(self):
        _, out, _ = run("--list", "--json", "--tag", "politics", SAMPLE)
        items = [json.loads(l) for l in out.splitlines()]
        self.assertGreater(len(items), 5)
        for i, item in enumerate(items, 1):
            self.assertEqual(item["n"], i)
            self.assertIn("Politics", item["tags"])
        last = items[-1]
        rc, shown, _ = run("--show", str(last["n"]), "--json", "--tag", "politics", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(json.loads(shown)["title"], last["title"])
        # Two tags: any of them.
        _, both, _ = run("--list", "-t", "Politics", "-t", "Royals", SAMPLE)
        self.assertGreater(len(both.splitlines()), len(items))

    def test_find(self):
        rc, out, _ = run("--list", "--find", "WINTER FUEL", SAMPLE)
        self.assertEqual(rc, 0)
        lines = out.splitlines()
        self.assertEqual(len(lines), 3)
        self.assertTrue(all("inter Fuel" in l for l in lines), lines)
        # Body text is searched too: only the seed article's body names Sogou.
        _, out, _ = run("--list", "--find", "sogou", SAMPLE)
        self.assertEqual(len(out.splitlines()), 1)
        self.assertIn("China's Tech Sector", out)

    def test_tags(self):
        rc, out, _ = run("--tags", "--json", SAMPLE)
        self.assertEqual(rc, 0)
        tags = [json.loads(l) for l in out.splitlines()]
        counts = [t["count"] for t in tags]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertIn({"tag": "ANT", "count": 1}, tags)
        self.assertEqual(tags[0]["tag"], "UK")
        _, text, _ = run("--tags", SAMPLE)
        self.assertRegex(text.splitlines()[0], r"^\s+\d+  UK$")

    def test_no_such_article(self):
        rc, out, err = run("--show", "52", SAMPLE)
        self.assertEqual((rc, out), (4, ""))
        self.assertEqual(err, "ldnews: no article 52 (the list has 51)\n")

    def test_usage_errors(self):
        rc, out, err = run("--show", "0", SAMPLE)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "ldnews: --show 0: numbers start at 1, as --list numbers articles\n")
        for args in (["--show", "x"], ["--bogus"], ["--list", "--tags"], ["--json"], ["-w", "3"]):
            rc, out, err = run(*args, SAMPLE)
            self.assertEqual((rc, out), (2, ""), args)
            self.assertEqual(err.count("\n"), 1, err)
            self.assertTrue(err.startswith("ldnews: "), err)

    def test_help_and_version(self):
        rc, out, _ = run("--help")
        self.assertEqual(rc, 0)
        self.assertIn("--show N", out)
        self.assertIn("RSS, Atom or JSON Feed", out)
        rc, out, _ = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^ldnews \d+\.\d+\.\d+\n$")

    def test_file_url(self):
        rc, out, _ = run("--list", "file://" + SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(len(out.splitlines()), 51)


class Files(unittest.TestCase):
    def test_missing_file(self):
        rc, out, err = run("--list", "/nonexistent/feed.xml")
        self.assertEqual((rc, out), (3, ""))
        self.assertEqual(err, "ldnews: /nonexistent/feed.xml: cannot read /nonexistent/feed.xml: "
                         "No such file or directory\n")

    def test_one_bad_one_good(self):
        rc, out, err = run("--list", "/nonexistent/feed.xml", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(len(out.splitlines()), 51)
        self.assertEqual(err.count("\n"), 1)

    def test_hostile_text_is_neutralized(self):
        for name in ("escapes.xml", "hostile-fields.xml"):
            path = os.path.join(FEEDS, name)
            for args in (["--list"], ["--list", "--json"], ["--tags"], ["--tags", "--json"],
                         ["--show", "1"], ["--show", "1", "--json"], ["--show", "2"]):
                rc, out, err = run(*args, path)
                self.assertIn(rc, (0, 4), args)
                assert_clean(self, out)
                assert_clean(self, err)
        # Every field of the hostile item arrives, cleaned, in the JSON.
        rc, out, _ = run("--show", "1", "--json", os.path.join(FEEDS, "hostile-fields.xml"))
        a = json.loads(out)
        self.assertEqual(rc, 0)
        self.assertTrue(a["title"].startswith("Title"))
        self.assertIn("desrever", a["title"])
        self.assertTrue(a["author"].startswith("Author"))
        # A C1 control in a feed is windows-1252 read wrongly (feedparser
        # and browsers agree): U+009B is "›", a character, not a CSI.
        self.assertEqual(a["tags"], ["Tag\u203a7m"])
        self.assertTrue(a["summary"].startswith("Summary"))
        self.assertIn("Body", a["body"])
        self.assertEqual(a["enclosures"][0]["type"], "audio/mpeg0;x\u0153")
        self.assertEqual(a["links"][0]["url"], "https://londondaily.com/x")

    def test_malformed_midway_keeps_earlier_articles(self):
        rc, out, err = run("--list", os.path.join(FEEDS, "malformed-midway.xml"))
        self.assertEqual(rc, 0)
        self.assertGreater(len(out.splitlines()), 0)
        self.assertRegex(err, r"^ldnews: .*malformed-midway.xml: warning: line \d+")
        self.assertEqual(err.count("\n"), 1)

    def test_billion_laughs_fails_fast(self):
        t = time.monotonic()
        rc, out, err = run("--list", os.path.join(FEEDS, "billion-laughs.xml"))
        self.assertLess(time.monotonic() - t, 10)
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("billion-laughs.xml: ", err)
        self.assertEqual(err.count("\n"), 1)

    def test_not_a_feed(self):
        rc, out, err = run("--list", os.path.join(FEEDS, "not-a-feed.html"))
        self.assertEqual((rc, out), (3, ""))
        # A page: searched for feeds, but its relative link leads nowhere
        # from a file.
        self.assertIn("no feed found", err)
        rc, out, err = run("--list", os.path.join(OPML, "simple.opml"))
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("not an RSS, Atom or JSON Feed (root element <opml>)", err)

    def test_encodings_come_out_utf8(self):
        for name in ("latin1.xml", "cp1252.xml"):
            rc, out, _ = run("--list", "--json", os.path.join(FEEDS, name))
            self.assertEqual(rc, 0, name)
            self.assertGreater(len(out), 0)
            self.assertNotIn("\ufffd", out, name)


class Http(unittest.TestCase):
    def url(self, path):
        return SERVER.base + path

    def test_fetch_list_and_request_headers(self):
        rc, out, err = run("--list", self.url("/file/feeds/rss2.xml"))
        self.assertEqual((rc, err), (0, ""))
        _, local, _ = run("--list", os.path.join(FEEDS, "rss2.xml"))
        self.assertEqual(out, local)
        req = [r for r in SERVER.requests() if r["path"] == "/file/feeds/rss2.xml"][-1]
        headers = {k.lower(): v for k, v in req["headers"].items()}
        self.assertTrue(headers["user-agent"].startswith("ldnews/"))
        self.assertIn("gzip", headers["accept-encoding"])

    def test_gzip_and_redirect(self):
        for path in ("/gzip/feeds/rss2.xml", "/deflate/feeds/rss2.xml", "/redirect/3/feeds/rss2.xml"):
            rc, out, err = run("--list", self.url(path))
            self.assertEqual((rc, err), (0, ""), path)
            self.assertGreater(len(out.splitlines()), 0, path)

    def test_relative_links_follow_redirects(self):
        rc, out, err = run("--list", "--json", self.url("/redirect/2/feeds/relative.xml"))
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(json.loads(out)["link"], self.url("/file/feeds/stories/relative-1"))
        rc, out, _ = run("--show", "1", "--json", self.url("/redirect/1/feeds/relative.xml"))
        self.assertEqual(json.loads(out)["enclosures"][0]["url"], self.url("/file/audio/relative-1.mp3"))

    def test_http_errors(self):
        cases = [("/status/404", "HTTP 404 Not Found"),
                 ("/status/500", "HTTP 500 Internal Server Error"),
                 ("/redirect-loop", "too many redirects (more than 5)")]
        for path, cause in cases:
            rc, out, err = run("--list", self.url(path))
            self.assertEqual((rc, out), (3, ""), path)
            self.assertEqual(err, f"ldnews: {self.url(path)}: {cause}\n")

    def test_size_cap_counts_decoded_bytes(self):
        rc, out, err = run("--list", self.url("/gzip-bomb/120000000"))
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("larger than the 100 MiB limit", err)

    def test_timeout(self):
        t = time.monotonic()
        rc, out, err = run("--list", "--timeout", "1", self.url("/slow/20"))
        self.assertLess(time.monotonic() - t, 10)
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("timed out", err)

    def test_connection_refused(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        url = f"http://127.0.0.1:{port}/feed"
        rc, out, err = run("--list", url)
        self.assertEqual((rc, out), (3, ""))
        self.assertTrue(err.startswith(f"ldnews: {url}: "), err)
        self.assertIn("refused", err)


class Cache(unittest.TestCase):
    """The SQLite cache as the command line uses it: each test has its own."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-cache-")
        self.db = os.path.join(self.dir, "cache.db")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])

    def run_cached(self, *args):
        return run("--cache", self.db, *args)

    def files(self):
        """Every file of the cache with its bytes, to prove nothing was written."""
        out = {}
        for name in sorted(os.listdir(self.dir)):
            with open(os.path.join(self.dir, name), "rb") as f:
                out[name] = f.read()
        return out

    def test_streamed_modes_match_the_in_memory_ones(self):
        # --list, --show and --tags read the cache as a stream (headless.c);
        # without a cache and in a fetching kiosk they read a list in
        # memory (query_run, output). The same feeds give the same bytes:
        # numbers, padding, filters, related articles, tag counts.
        sample_tag = "Politics"
        feeds = [SAMPLE, os.path.join(DATA, "feeds", "rss2.xml"),
                 os.path.join(DATA, "feeds", "atom10.xml")]
        rc, _, _ = self.run_cached("--list", *feeds)
        self.assertEqual(rc, 0)
        cases = [("--list",), ("--list", "--json"), ("--list", "--tag", sample_tag),
                 ("--list", "--tag", "politics", "--json"), ("--list", "--find", "harris"),
                 ("--tags",), ("--tags", "--json"), ("--tags", "--tag", sample_tag),
                 ("--show", "1"), ("--show", "3", "--json"), ("--show", "2", "--width", "60"),
                 ("--show", "2", "--tag", sample_tag, "--json"), ("--show", "999")]
        for args in cases:
            memory = run("--no-cache", *args, *feeds)
            streamed = self.run_cached("--offline", *args, *feeds)
            self.assertEqual(streamed, memory, args)
            if args[0] != "--show" or args[1] != "999":
                self.assertEqual(memory[0], 0, args)
                self.assertNotEqual(memory[1], "", args)

    def test_json_says_what_is_starred(self):
        # A star given in the reader (here straight in the cache) shows in
        # --list --json and --show --json; the others say false.
        self.assertEqual(self.run_cached("--list", SAMPLE)[0], 0)
        title = listing(SAMPLE)[2]["title"]
        db = sqlite3.connect(self.db)
        db.execute("UPDATE articles SET starred = 1 WHERE title = ?", (title,))
        db.commit()
        db.close()
        rc, out, _ = self.run_cached("--list", "--json", "--offline", SAMPLE)
        self.assertEqual(rc, 0)
        items = [json.loads(l) for l in out.splitlines()]
        self.assertEqual([i["n"] for i in items if i["starred"]], [3])
        self.assertIs(items[2]["starred"], True)
        rc, out, _ = self.run_cached("--show", "3", "--json", "--offline", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertIs(json.loads(out)["starred"], True)
        rc, out, _ = self.run_cached("--show", "2", "--json", "--offline", SAMPLE)
        self.assertIs(json.loads(out)["starred"], False)

    def test_shared_guids_list_the_same_with_and_without_cache(self):
        # Items of one document that share a guid or id are articles of
        # their own in every mode: the cache once merged them. The kiosk
        # (into memory, over an empty cache and over the filled one) too.
        corpus = os.path.join(DATA, "corpus")
        for name in sorted(os.listdir(corpus)):
            if not name.startswith("dup-"):
                continue
            path = os.path.join(corpus, name)
            db = os.path.join(self.dir, name + ".db")
            rc1, bare, _ = run("--no-cache", "--list", "--json", path)
            rc0, kiosk_empty, _ = run("--kiosk", "--cache", db, "--list", "--json", path)
            rc2, cached, _ = run("--cache", db, "--list", "--json", path)
            rc3, kiosk_full, _ = run("--kiosk", "--cache", db, "--list", "--json", path)
            self.assertEqual((rc0, rc1, rc2, rc3), (0, 0, 0, 0), name)
            ids = [json.loads(l)["id"] for l in bare.splitlines()]
            self.assertEqual(len(ids), len(set(ids)), name)
            for out in (cached, kiosk_empty, kiosk_full):
                self.assertEqual([json.loads(l)["id"] for l in out.splitlines()], ids, name)

    def test_offline_reads_what_was_fetched(self):
        url = SERVER.base + "/file/feeds/rss2.xml"
        rc, fetched, _ = self.run_cached("--list", url)
        self.assertEqual(rc, 0)
        rc, offline, err = self.run_cached("--list", "--offline", url)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(offline, fetched)
        # --show reads the body back from the cache.
        rc, shown, _ = self.run_cached("--show", "1", "--offline", url)
        self.assertEqual(rc, 0)
        _, direct, _ = run("--show", "1", "--no-cache", url)
        self.assertEqual(shown, direct)

    def test_conditional_get_and_304(self):
        url = SERVER.base + "/file/feeds/rdf.xml"
        rc, first, _ = self.run_cached("--list", url)
        self.assertEqual(rc, 0)
        rc, second, err = self.run_cached("--list", url)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(second, first)
        reqs = [r for r in SERVER.requests() if r["path"] == "/file/feeds/rdf.xml"][-2:]
        first_h = {k.lower(): v for k, v in reqs[0]["headers"].items()}
        second_h = {k.lower(): v for k, v in reqs[1]["headers"].items()}
        self.assertNotIn("if-none-match", first_h)
        self.assertIn("if-none-match", second_h)
        self.assertIn("if-modified-since", second_h)

    def test_same_bytes_again_write_nothing(self):
        path = os.path.join(self.dir, "feed.xml")
        with open(SAMPLE, "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        self.assertEqual(self.run_cached("--list", path)[0], 0)
        before = self.files()
        self.assertEqual(self.run_cached("--list", path)[0], 0)
        self.assertEqual(self.files(), before)

    def test_read_failure_keeps_cached_articles(self):
        path = os.path.join(self.dir, "feed.xml")
        with open(SAMPLE, "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        _, first, _ = self.run_cached("--list", path)
        os.unlink(path)
        rc, out, err = self.run_cached("--list", path)
        self.assertEqual(rc, 0)
        self.assertEqual(out, first)
        self.assertEqual(err, f"ldnews: {path}: cannot read {path}: No such file or directory\n")

    def test_no_cache_writes_nothing(self):
        home = tempfile.mkdtemp(prefix="ldnews-home-")
        self.addCleanup(subprocess.run, ["rm", "-rf", home])
        env = dict(ENV, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"))
        p = subprocess.run([*LDNEWS_CMD, "--list", "--no-cache", SAMPLE], capture_output=True, env=env)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(len(p.stdout.splitlines()), 51)
        self.assertEqual(os.listdir(home), [])

    def test_default_cache_place(self):
        home = tempfile.mkdtemp(prefix="ldnews-home-")
        self.addCleanup(subprocess.run, ["rm", "-rf", home])
        env = {k: v for k, v in ENV.items() if k != "XDG_DATA_HOME"}
        env["HOME"] = home
        p = subprocess.run([*LDNEWS_CMD, "--list", SAMPLE], capture_output=True, env=env)
        self.assertEqual(p.returncode, 0)
        self.assertTrue(os.path.exists(os.path.join(home, ".local/share/ldnews/cache.db")))

    def test_corrupt_cache_is_refused_and_kept(self):
        with open(self.db, "wb") as f:
            f.write(b"this is not an SQLite database, it is a note\n" * 100)
        before = self.files()
        rc, out, err = self.run_cached("--list", SAMPLE)
        self.assertEqual((rc, out), (3, ""))
        self.assertEqual(err.count("\n"), 1, err)
        self.assertIn(self.db, err)
        self.assertIn("--reset-cache", err)
        self.assertEqual(self.files(), before)
        # --reset-cache moves it aside (nothing deleted) and starts afresh.
        rc, out, err = self.run_cached("--reset-cache", "--list", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(len(out.splitlines()), 51)
        self.assertIn("the old cache is kept as " + self.db + ".", err)
        kept = [n for n in os.listdir(self.dir) if n.endswith(".bak")]
        self.assertEqual(len(kept), 1)
        with open(os.path.join(self.dir, kept[0]), "rb") as f:
            self.assertEqual(f.read(), before["cache.db"])

    def big_feed(self, items):
        """A generated London-Daily-like feed of `items` articles."""
        path = os.path.join(self.dir, f"big-{items}.xml")
        genfeed.write_feed(path, items, seed=7)
        return path

    def integrity(self):
        import sqlite3
        db = sqlite3.connect(self.db)
        try:
            return db.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            db.close()

    def test_two_processes_at_once(self):
        big = self.big_feed(2000)
        self.assertEqual(self.run_cached("--list", SAMPLE)[0], 0)
        procs = [subprocess.Popen([*LDNEWS_CMD, "--cache", self.db, "--list", src], env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for src in (big, SAMPLE, big)]
        for p in procs:
            out, err = p.communicate(timeout=120)
            self.assertEqual(p.returncode, 0, err)
        self.assertEqual(self.integrity(), "ok")
        rc, out, _ = self.run_cached("--list", "--offline", big, SAMPLE)
        self.assertEqual((rc, len(out.splitlines())), (0, 2051))

    def test_kill_9_mid_refresh_keeps_what_was_there(self):
        big = self.big_feed(4000)
        _, before, _ = self.run_cached("--list", SAMPLE)
        for delay in (0.2, 0.5, 0.9):
            p = subprocess.Popen([*LDNEWS_CMD, "--cache", self.db, "--list", big, SAMPLE], env=ENV,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.kill()
            p.wait()
            self.assertEqual(self.integrity(), "ok")
            rc, after, _ = self.run_cached("--list", "--offline", SAMPLE)
            self.assertEqual((rc, after), (0, before))

    def tamper(self, *sql, schema=None):
        """Changes the cache as someone who can write the file may."""
        import sqlite3
        db = sqlite3.connect(self.db)
        try:
            if schema is not None:
                old, new = schema
                db.execute("PRAGMA writable_schema = ON")
                db.execute("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) "
                           "WHERE name = 'feeds'", (old, new))
                db.commit()
                db.close()
                db = sqlite3.connect(self.db)
            for q in sql:
                db.execute(q)
            db.commit()
        finally:
            db.close()

    def fetch_url(self):
        import sqlite3
        db = sqlite3.connect(self.db)
        try:
            return db.execute("SELECT fetch_url FROM feeds").fetchone()[0]
        finally:
            db.close()

    def test_cached_address_obeys_the_redirect_rules(self):
        # A remembered address (a 301's target, a page's feed) read from the
        # cache is followed only as a redirect would be: http or https, or
        # a file the user named. Else the source is fetched, with a warning,
        # and the address forgotten.
        url = SERVER.base + "/file/feeds/rss2.xml"
        rc, want, _ = self.run_cached("--list", url)
        self.assertEqual(rc, 0)
        secret = os.path.join(self.dir, "secret.xml")
        with open(secret, "w") as f:
            f.write("<rss version='2.0'><channel><title>SECRET</title><item><title>SECRET "
                    "item</title><guid>s</guid></item></channel></rss>")
        for addr in ("file://" + secret, secret, "gopher://127.0.0.1/x", "ftp://127.0.0.1/x",
                     "dict://127.0.0.1/x", "FILE://" + secret):
            self.tamper("UPDATE feeds SET fetch_url = '%s', fresh_until = 0" % addr)
            n = SERVER.count("/file/feeds/rss2.xml")
            rc, out, err = self.run_cached("--list", url)
            self.assertEqual((rc, out), (0, want), addr)
            self.assertNotIn("SECRET", out + err)
            self.assertEqual(err, f"ldnews: {url}: warning: the cache's address for it, "
                                  f"'{addr}', is neither http nor https nor a file you "
                                  "named: not used\n")
            self.assertEqual(SERVER.count("/file/feeds/rss2.xml"), n + 1, addr)
            self.assertIsNone(self.fetch_url(), addr)
        # Another http(s) address is followed, as a redirect is.
        self.tamper("UPDATE feeds SET fetch_url = '%s', fresh_until = 0"
                    % (SERVER.base + "/file/feeds/rdf.xml"))
        n = SERVER.count("/file/feeds/rdf.xml")
        rc, out, err = self.run_cached("--list", url)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(SERVER.count("/file/feeds/rdf.xml"), n + 1)

    def test_damaged_rows_are_a_damaged_cache(self):
        # A value ldnews never writes (a NULL where one is needed, text
        # with a NUL, text for a date, an unknown format) is a damaged
        # cache, named in one line, not "out of memory" nor misread.
        url = SERVER.base + "/file/feeds/rss2.xml"
        cases = [
            ("guid", ["UPDATE articles SET guid = 'x' || char(0) || 'y' "
                      "WHERE id = (SELECT min(id) FROM articles)"], None),
            ("published", ["UPDATE articles SET published = 'yesterday'"], None),
            ("summary_fmt", ["UPDATE articles SET summary_fmt = 9"], None),
            ("title", ["UPDATE feeds SET title = NULL"],
             ("title TEXT NOT NULL DEFAULT ''", "title TEXT")),
            ("fetch_url", ["UPDATE feeds SET fetch_url = x'00', fresh_until = 0"], None),
        ]
        for column, sql, schema in cases:
            for f in os.listdir(self.dir):
                os.unlink(os.path.join(self.dir, f))
            self.assertEqual(self.run_cached("--list", url)[0], 0)
            self.tamper(*sql, schema=schema)
            args = ["--list", url] if column == "fetch_url" else ["--list", "--offline", url]
            rc, out, err = self.run_cached(*args)
            self.assertEqual(err.count("\n"), 1, (column, err))
            self.assertIn(f"{self.db}: the cache is damaged (a bad value in its {column} "
                          "column); start fresh with --reset-cache", err)
            self.assertNotIn("out of memory", err)
            if column != "fetch_url":
                self.assertEqual((rc, out), (3, ""), column)

    def test_find_means_the_same_with_and_without_the_cache(self):
        # One meaning (find.h): every word, as a word's start, in the title,
        # standfirst or body, without regard to case or accents; the same
        # articles and the same numbers from memory, from the cache's
        # full-text index as it is filled, and from the cache offline.
        queries = {
            "fuel winter": 3,            # words out of order
            "WINTER   fuel": 3,
            "provencal": 1,              # "Provençal" in a standfirst
            "ELYSEE": 1,                 # "Élysée" in a body only
            "élysée": 1,
            "harris pittsburgh": 1,      # one word in the title, one in the body
            "ukrain": 3,                 # a word's start...
            "krain": 0,                  # ...not its middle
            "9/11": 2,                   # the words 9 and 11
            "sogou": 1,
            "--": 51,                    # no word: no search
        }
        for q, count in queries.items():
            with self.subTest(find=q):
                ref = run("--no-cache", "--list", "--find", q, SAMPLE)
                self.assertEqual(ref[0], 0)
                self.assertEqual(len(ref[1].splitlines()), count, ref[1])
                for args in (("--list",), ("--list", "--json"), ("--show", "1", "--json")):
                    want = run("--no-cache", *args, "--find", q, SAMPLE)
                    self.assertEqual(self.run_cached(*args, "--find", q, SAMPLE), want, args)
                    self.assertEqual(self.run_cached("--offline", *args, "--find", q, SAMPLE),
                                     want, args)

    def test_find_searches_cached_bodies(self):
        self.run_cached("--list", SAMPLE)
        rc, out, _ = self.run_cached("--list", "--offline", "--find", "sogou", SAMPLE)
        self.assertEqual(rc, 0)
        self.assertEqual(len(out.splitlines()), 1)
        self.assertIn("China's Tech Sector", out)


class Config(unittest.TestCase):
    """The config file: -c FILE or the XDG place, and OPML in and out."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-conf-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])
        self.conf = os.path.join(self.dir, "config")
        # Each test its own XDG places, so nothing leaks between them.
        self.env = dict(ENV, XDG_CONFIG_HOME=os.path.join(self.dir, "xdg-config"),
                        XDG_DATA_HOME=os.path.join(self.dir, "xdg-data"))

    def write(self, text, path=None):
        path = path or self.conf
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run_env(self, *args, env=None):
        p = subprocess.run([*LDNEWS_CMD, *args], capture_output=True, env=env or self.env, timeout=60)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    def test_ignore_rules_hide_in_every_mode(self):
        self.write("[ignore]\ntag = royals\ntitle = Kamala*\nauthor = nobody\n")
        everything = listing(SAMPLE)
        hidden = [a for a in everything
                  if "Royals" in a["tags"] or a["title"].startswith("Kamala")]
        shown = [a for a in everything if a not in hidden]
        self.assertEqual(len(hidden), 5)
        cache = os.path.join(self.dir, "cache.db")
        for where in (("--no-cache",), ("--cache", cache), ("--cache", cache, "--offline")):
            with self.subTest(where=where):
                rc, out, err = self.run_env("-c", self.conf, *where, "--list", "--json", SAMPLE)
                self.assertEqual((rc, err), (0, ""))
                rows = [json.loads(l) for l in out.splitlines()]
                self.assertEqual([r["title"] for r in rows], [a["title"] for a in shown])
                self.assertEqual([r["n"] for r in rows], list(range(1, len(shown) + 1)))
                # --show numbers as --list does; --tags counts what is shown.
                rc, out, _ = self.run_env("-c", self.conf, *where, "--show", "2", "--json", SAMPLE)
                self.assertEqual(json.loads(out)["title"], shown[1]["title"])
                _, out, _ = self.run_env("-c", self.conf, *where, "--tags", SAMPLE)
                self.assertNotIn("Royals", out)
                # --no-ignore shows them all again, numbered as without rules.
                rc, out, err = self.run_env("-c", self.conf, *where, "--no-ignore", "--list",
                                            "--json", SAMPLE)
                self.assertEqual((rc, err), (0, ""))
                self.assertEqual([json.loads(l)["title"] for l in out.splitlines()],
                                 [a["title"] for a in everything])
                _, plain, _ = self.run_env("-c", self.conf, *where, "--list", SAMPLE)
                self.assertEqual(len(plain.splitlines()), len(shown))
        # A bad rule is a config error with its line.
        self.write("[ignore]\ntitle = x\nbody = y\n")
        rc, out, err = self.run_env("-c", self.conf, "--list", SAMPLE)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, f"ldnews: {self.conf}:3: unknown key 'body' in [ignore] "
                         "(title, tag, author or feed)\n")

    def test_bad_config_stops_before_anything(self):
        self.write("# comment\n[general]\nrefersh = 600\n")
        xdg_data = self.env["XDG_DATA_HOME"]
        for args in (["--list"], ["--list", SAMPLE], ["--show", "1", SAMPLE], ["--tags"],
                     ["--export-opml"], [SERVER.base + "/file/feeds/rss2.xml"]):
            before = len(SERVER.requests())
            rc, out, err = self.run_env("-c", self.conf, *args)
            self.assertEqual((rc, out), (2, ""), args)
            self.assertEqual(err, f"ldnews: {self.conf}:3: unknown key 'refersh' in [general]\n")
            # Nothing fetched, no cache opened or created.
            self.assertEqual(len(SERVER.requests()), before, args)
            self.assertFalse(os.path.exists(xdg_data), args)

    def test_reader_names_checked_with_their_line(self):
        # Action and element names belong to the reader; still FILE:LINE, exit 2.
        cases = [
            ("[keys]\nrefresh = ^R\nrefersh = r\n",
             ":3: unknown action 'refersh'"),
            ("[keys]\ndown = Esc\n", ":2: bad key 'Esc' for down"),
            ("[colors]\nselected = black on cyan\nselection = red\n",
             ":3: unknown element 'selection'"),
        ]
        for text, want in cases:
            self.write(text)
            rc, out, err = self.run_env("-c", self.conf, "--list", SAMPLE)
            self.assertEqual((rc, out), (2, ""), text)
            self.assertTrue(err.startswith(f"ldnews: {self.conf}{want}"), err)
            self.assertEqual(err.count("\n"), 1, err)
        self.write("[keys]\nfeeds = f\nforce-refresh = ^R\n[colors]\nselected = red\n")
        rc, out, err = self.run_env("-c", self.conf, "--list", SAMPLE)
        self.assertEqual((rc, err), (0, ""))

    def test_bad_value_in_default_place(self):
        path = self.write("[general]\nmax-connections = abc\n",
                          os.path.join(self.env["XDG_CONFIG_HOME"], "ldnews", "config"))
        rc, out, err = self.run_env("--list", SAMPLE)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, f"ldnews: {path}:2: bad value 'abc' for max-connections (a number 1-64)\n")
        self.assertFalse(os.path.exists(self.env["XDG_DATA_HOME"]))

    def test_missing_config(self):
        # The default file may be missing; a file named with -c may not.
        rc, out, err = self.run_env("--list", "--no-cache", SAMPLE)
        self.assertEqual((rc, err, len(out.splitlines())), (0, "", 51))
        missing = os.path.join(self.dir, "nope.conf")
        rc, out, err = self.run_env("-c", missing, "--list", SAMPLE)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, f"ldnews: {missing}: No such file or directory\n")

    def test_configured_feeds_are_read(self):
        rss2 = os.path.join(FEEDS, "rss2.xml")
        self.write(f"[feed]\nurl = {SAMPLE}\nname = Sample\n\n[feed]\n  url = {rss2}  # indented\n")
        rc, out, err = self.run_env("-c", self.conf, "--list", "--no-cache")
        self.assertEqual((rc, err), (0, ""))
        _, both, _ = self.run_env("--list", "--no-cache", SAMPLE, rss2)
        self.assertEqual(out, both)
        self.assertGreater(len(out.splitlines()), 51)
        # Feeds on the command line are read instead.
        rc, out, err = self.run_env("-c", self.conf, "--list", "--no-cache", rss2)
        self.assertEqual((rc, err), (0, ""))
        _, alone, _ = self.run_env("--list", "--no-cache", rss2)
        self.assertEqual(out, alone)
        # ./ paths are the config file's neighbours.
        shutil.copyfile(SAMPLE, os.path.join(self.dir, "local.xml"))
        self.write("[feed]\nurl = ./local.xml\n")
        rc, out, err = self.run_env("-c", self.conf, "--list", "--no-cache")
        self.assertEqual((rc, err, len(out.splitlines())), (0, "", 51))

    def test_feed_names_and_tags_are_laid_over(self):
        rdf = os.path.join(FEEDS, "rdf.xml")
        self.write(f"[feed]\nurl = {SAMPLE}\nname = The Sample\ntags = Mine, Politics\n"
                   f"[feed]\nurl = {rdf}\n")
        for cache in (["--no-cache"], ["--cache", os.path.join(self.dir, "c.db")]):
            rc, out, err = self.run_env("-c", self.conf, "--list", "--json", *cache)
            self.assertEqual((rc, err), (0, ""), cache)
            rows = [json.loads(l) for l in out.splitlines()]
            sample = [r for r in rows if r["feed"] == "The Sample"]
            self.assertEqual(len(sample), 51, cache)
            for r in sample:
                self.assertIn("Mine", r["tags"])
                self.assertIn("Politics", r["tags"])
                self.assertEqual(len(r["tags"]), len(set(r["tags"])), r["tags"])
            self.assertEqual(len([r for r in rows if r["feed"] == "London Daily (RDF)"]), 2)
            # The config's tag filters like the feed's own.
            rc, out, _ = self.run_env("-c", self.conf, "--list", "--tag", "Mine", *cache)
            self.assertEqual((rc, len(out.splitlines())), (0, 51), cache)
        # In the cache the feed's own name stays (the config is laid over).
        rc, out, _ = self.run_env("--list", "--json", "--offline", "--cache",
                                  os.path.join(self.dir, "c.db"), SAMPLE)
        self.assertEqual(json.loads(out.splitlines()[0])["feed"], "London Daily")

    def test_http_settings_are_used(self):
        url = SERVER.base + "/file/feeds/rss2.xml"
        self.write(f"[general]\nuser-agent = ldnews-cli-test/9 (+https://example.org/#x)\n"
                   f"[feed]\nurl = {url}\n")
        rc, _, err = self.run_env("-c", self.conf, "--list", "--no-cache")
        self.assertEqual((rc, err), (0, ""))
        req = [r for r in SERVER.requests() if r["path"] == "/file/feeds/rss2.xml"][-1]
        headers = {k.lower(): v for k, v in req["headers"].items()}
        self.assertEqual(headers["user-agent"], "ldnews-cli-test/9 (+https://example.org/#x)")
        self.write("[general]\nmax-size = 2K\n")
        rc, out, err = self.run_env("-c", self.conf, "--list", "--no-cache",
                                    SERVER.base + "/gzip-bomb/100000")
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("larger than the 2 KiB limit", err)

    def test_retention_is_applied(self):
        self.write("[retention]\nmax-per-feed = 10\n")
        db = os.path.join(self.dir, "cache.db")
        rc, out, err = self.run_env("-c", self.conf, "--cache", db, "--list", SAMPLE)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(len(out.splitlines()), 10)

    def test_import_keeps_bytes_then_appends(self):
        orig = ("# My feeds; keep this comment.\n[general]\nrefresh = 10m ; ten minutes\n\n"
                "[feed]\nurl = https://londondaily.com/feed\nname = The Daily")
        self.write(orig)
        opml = os.path.join(OPML, "duplicate.opml")
        rc, out, err = self.run_env("-c", self.conf, "--import-opml", opml)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out, f"imported 2 feeds (2 already present) into {self.conf}\n")
        with open(self.conf, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith(orig), text)
        self.assertEqual(text[len(orig):], "\n\n[feed]\nurl = https://a.example/feed\nname = A\n"
                                           "\n[feed]\nurl = https://b.example/feed\nname = B\n")
        rc, out, _ = self.run_env("-c", self.conf, "--export-opml")
        urls = [o.get("xmlUrl") for o in ET.fromstring(out).iter("outline")]
        self.assertEqual(urls, ["https://londondaily.com/feed", "https://a.example/feed",
                                "https://b.example/feed"])
        # Again: nothing new, the file untouched.
        rc, out, _ = self.run_env("-c", self.conf, "--import-opml", opml)
        self.assertEqual((rc, out), (0, f"imported 0 feeds (4 already present) into {self.conf}\n"))
        with open(self.conf, encoding="utf-8") as f:
            self.assertEqual(f.read(), text)

    def test_import_creates_the_default_file(self):
        rc, out, err = self.run_env("--import-opml", os.path.join(OPML, "missing-xmlurl.opml"))
        path = os.path.join(self.env["XDG_CONFIG_HOME"], "ldnews", "config")
        self.assertEqual(rc, 0)
        self.assertEqual(out, f"imported 1 feed (0 already present) into {path}\n")
        lines = err.splitlines()
        self.assertEqual(len(lines), 6)
        self.assertEqual(lines[0], f"ldnews: {OPML}/missing-xmlurl.opml: skipped outline "
                                   "'Website only' has no xmlUrl")
        self.assertTrue(os.path.exists(path))
        rc, out, _ = self.run_env("--export-opml")
        self.assertEqual([o.get("xmlUrl") for o in ET.fromstring(out).iter("outline")],
                         ["https://good.example/feed"])

    def test_import_refuses_hostile_and_bad(self):
        orig = "[feed]\nurl = https://londondaily.com/feed\n"
        self.write(orig)
        for name, rc_want in (("xxe.opml", 3), ("laughs.opml", 3), ("not-opml.xml", 3),
                              ("no-such.opml", 3)):
            path = os.path.join(OPML, name)
            rc, out, err = self.run_env("-c", self.conf, "--import-opml", path)
            self.assertEqual((rc, out), (rc_want, ""), name)
            self.assertTrue(err.startswith(f"ldnews: {path}"), err)
            self.assertEqual(err.count("\n"), 1, err)
            self.assertNotIn("SECRET", err)
            with open(self.conf, encoding="utf-8") as f:
                self.assertEqual(f.read(), orig)
        # A bad config file is not added to.
        self.write("[general]\nkiosk = perhaps\n")
        rc, out, err = self.run_env("-c", self.conf, "--import-opml", os.path.join(OPML, "simple.opml"))
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, f"ldnews: {self.conf}:2: bad value 'perhaps' for kiosk (true or false)\n")

    def test_import_writes_only_lines_the_reader_reads(self):
        # The config reader's line limit is the writer's: an outline with a
        # value too long for one line is refused by name, the rest imported,
        # and every later run reads the file.
        limit = 65536
        opml = os.path.join(self.dir, "long.opml")
        cases = [("ok", "https://ok.example/feed", ""),
                 ("x" * 70000, "https://title.example/feed", ""),
                 ("u", "https://url.example/" + "a" * 70000, ""),
                 ("c", "https://category.example/feed",
                  ",".join(f"tag{i}" for i in range(8000))),
                 # Around the limit: "name = " + title + "\n".
                 ("y" * (limit - 600), "https://near.example/feed", ""),
                 ("z" * (limit - 7), "https://edge.example/feed", ""),
                 ("w" * (limit - 4), "https://over.example/feed", ""),
                 ("last", "https://last.example/feed", "")]
        with open(opml, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0"?><opml version="2.0"><head/><body>\n')
            for title, url, cat in cases:
                f.write(f'<outline text="{title}" xmlUrl="{url}" category="{cat}"/>\n')
            f.write("</body></opml>\n")
        rc, out, err = self.run_env("-c", self.conf, "--import-opml", opml)
        self.assertEqual(rc, 0, err[:500])
        refused = [l for l in err.splitlines()]
        for line in refused:
            self.assertTrue(line.startswith(f"ldnews: {opml}: skipped outline '"), line[:300])
            self.assertLess(len(line), 400)
            self.assertIn("longer than a config file allows", line)
        refused_urls = {u for _, u, _ in cases for l in refused if u[:60] in l}
        for must in ("https://title.example/feed", cases[2][1], "https://category.example/feed",
                     "https://edge.example/feed", "https://over.example/feed"):
            self.assertIn(must, refused_urls)
        self.assertEqual(len(refused), len(refused_urls))
        with open(self.conf, "rb") as f:
            self.assertLessEqual(max(len(l) for l in f.read().splitlines(keepends=True)), limit)
        # Any run after it reads the file.
        rc, out, err = self.run_env("-c", self.conf, "--export-opml")
        self.assertEqual((rc, err), (0, ""))
        urls = [o.get("xmlUrl") for o in ET.fromstring(out).iter("outline")]
        self.assertEqual(urls, [u for _, u, _ in cases if u not in refused_urls])
        self.assertIn("https://near.example/feed", urls)
        rc, out, err = self.run_env("-c", self.conf, "--list", "--no-cache", SAMPLE)
        self.assertEqual((rc, err), (0, ""))

    def test_kiosk_does_not_import(self):
        # A kiosk writes no file: not the config file either.
        opml = os.path.join(OPML, "simple.opml")
        orig = "[feed]\nurl = https://londondaily.com/feed\n"
        self.write(orig)
        rc, out, err = self.run_env("--kiosk", "-c", self.conf, "--import-opml", opml)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "ldnews: --kiosk writes no file: it does not go with --import-opml\n")
        self.write("[general]\nkiosk = true\n" + orig)
        rc, out, err = self.run_env("-c", self.conf, "--import-opml", opml)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, f"ldnews: --import-opml: a kiosk never changes its config file "
                              f"(kiosk = true in {self.conf}:2)\n")
        with open(self.conf, encoding="utf-8") as f:
            self.assertEqual(f.read(), "[general]\nkiosk = true\n" + orig)
        # Nor the default one, which it would create.
        default = os.path.join(self.env["XDG_CONFIG_HOME"], "ldnews", "config")
        rc, out, err = self.run_env("--kiosk", "--import-opml", opml)
        self.assertEqual((rc, out), (2, ""))
        self.assertFalse(os.path.exists(os.path.dirname(default)))

    def test_export_is_valid_opml(self):
        self.write("[feed]\nurl = https://londondaily.com/feed\nname = London & \"Daily\" <news>\n"
                   "tags = london, news\n\n[feed]\nurl = https://b.example/feed?a=1&b=2\n")
        rc, out, err = self.run_env("-c", self.conf, "--export-opml")
        self.assertEqual((rc, err), (0, ""))
        root = ET.fromstring(out)
        self.assertEqual((root.tag, root.get("version")), ("opml", "2.0"))
        outlines = list(root.find("body"))
        self.assertEqual(len(outlines), 2)
        self.assertEqual(outlines[0].get("text"), 'London & "Daily" <news>')
        self.assertEqual(outlines[0].get("xmlUrl"), "https://londondaily.com/feed")
        self.assertEqual(outlines[0].get("category"), "london,news")
        self.assertEqual(outlines[1].get("text"), "https://b.example/feed?a=1&b=2")
        self.assertIsNone(outlines[1].get("category"))
        # Round trip: exported, imported into an empty config, exported again.
        exported = os.path.join(self.dir, "out.opml")
        with open(exported, "w", encoding="utf-8") as f:
            f.write(out)
        other = os.path.join(self.dir, "other", "config")
        rc, msg, _ = self.run_env("-c", other, "--import-opml", exported)
        self.assertEqual((rc, msg), (0, f"imported 2 feeds (0 already present) into {other}\n"))
        rc, again, _ = self.run_env("-c", other, "--export-opml")
        self.assertEqual((rc, again), (0, out))
        # Without a config, the London Daily; with feeds given, those.
        rc, out, _ = self.run_env("--export-opml")
        self.assertEqual([o.get("xmlUrl") for o in ET.fromstring(out).iter("outline")],
                         ["https://londondaily.com/"])
        rc, out, _ = self.run_env("-c", self.conf, "--export-opml", SAMPLE)
        self.assertEqual([o.get("xmlUrl") for o in ET.fromstring(out).iter("outline")], [SAMPLE])


class Kiosk(unittest.TestCase):
    """--kiosk with --list, --show and --tags: the cache is only read, the
    feeds are fetched into memory and merged over it, no file is written."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-kiosk-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])
        self.db = os.path.join(self.dir, "cache.db")
        self.feed = os.path.join(self.dir, "feed.xml")

    def write(self, titles):
        with open(self.feed, "w") as f:
            f.write('<rss version="2.0"><channel><title>Wall</title>')
            for i, t in enumerate(titles):
                f.write(f"<item><title>{t}</title><guid>g{i}</guid><category>T{i % 2}</category>"
                        f"<pubDate>Thu, 12 Sep 2024 {9 + i:02d}:00:00 GMT</pubDate>"
                        f"<description>Text of {t}.</description></item>")
            f.write("</channel></rss>")

    def state(self):
        """Names, mtimes and bytes of every file of the directory."""
        out = {}
        for name in sorted(os.listdir(self.dir)):
            path = os.path.join(self.dir, name)
            with open(path, "rb") as f:
                out[name] = (os.stat(path).st_mtime_ns, f.read())
        return out

    def kiosk(self, *args):
        return run("--kiosk", "--cache", self.db, *args)

    def test_kiosk_from_the_config(self):
        # kiosk = true in a config given with -c: the same read-only run.
        conf = os.path.join(self.dir, "kiosk.conf")
        with open(conf, "w") as f:
            f.write("[general]\nkiosk = true\n")
        self.write(["First"])
        self.assertEqual(run("--cache", self.db, "--list", self.feed)[0], 0)
        self.write(["First", "Second"])
        before = self.state()
        rc, out, err = run("-c", conf, "--cache", self.db, "--list", self.feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(len(out.splitlines()), 2)
        self.assertEqual(self.state(), before)
        rc, out, err = run("-c", conf, "--cache", self.db, "--reset-cache", "--list", self.feed)
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("--reset-cache: a kiosk never changes the cache", err)
        self.assertEqual(self.state(), before)

    def test_reads_the_cache_fetches_into_memory_writes_nothing(self):
        self.write(["First", "Second"])
        self.assertEqual(run("--cache", self.db, "--list", self.feed)[0], 0)
        self.write(["First", "Second, revised", "Third"])
        before = self.state()
        rc, out, err = self.kiosk("--list", "--json", self.feed)
        self.assertEqual((rc, err), (0, ""))
        got = [json.loads(l) for l in out.splitlines()]
        self.assertEqual([a["title"] for a in got], ["Third", "Second, revised", "First"])
        # --show N is what --list numbered N; --tags counts the same list.
        rc, out, _ = self.kiosk("--show", "2", "--json", self.feed)
        self.assertEqual((rc, json.loads(out)["title"]), (0, "Second, revised"))
        rc, out, _ = self.kiosk("--tags", self.feed)
        self.assertEqual(rc, 0)
        self.assertIn("T0", out)
        # --offline: the cache as it is.
        rc, out, _ = self.kiosk("--offline", "--list", self.feed)
        self.assertEqual((rc, len(out.splitlines())), (0, 2))
        # A feed that cannot be read leaves the cached articles, as without --kiosk.
        os.unlink(self.feed)
        del before["feed.xml"]
        rc, out, err = self.kiosk("--list", self.feed)
        self.assertEqual((rc, len(out.splitlines())), (0, 2))
        self.assertEqual(err.count("\n"), 1, err)
        self.assertEqual(self.state(), before)

    def test_without_a_cache_creates_nothing(self):
        home = tempfile.mkdtemp(prefix="ldnews-home-")
        self.addCleanup(subprocess.run, ["rm", "-rf", home])
        env = dict(ENV, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"))
        for args in (["--list"], ["--show", "3"], ["--tags", "--json"]):
            p = subprocess.run([*LDNEWS_CMD, "--kiosk", *args, SAMPLE], capture_output=True, env=env)
            self.assertEqual((p.returncode, p.stderr), (0, b""))
            self.assertNotIn(b"\x1b", p.stdout)
        self.assertEqual(os.listdir(home), [])

    def test_retention_holds_in_memory(self):
        # The cache's [retention] and a feed's limit hold for what a kiosk
        # merges in memory: its list is what its reader shows, bounded.
        conf = os.path.join(self.dir, "kiosk.conf")
        with open(conf, "w") as f:
            f.write(f"[retention]\nmax-per-feed = 10\n")
        self.write([f"Story {i}" for i in range(3)])
        self.assertEqual(run("-c", conf, "--cache", self.db, "--list", self.feed)[0], 0)
        self.write([f"Story {i}" for i in range(14)])
        before = self.state()
        rc, out, err = run("-c", conf, "--kiosk", "--cache", self.db, "--list", "--json",
                           self.feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual([json.loads(l)["title"] for l in out.splitlines()],
                         [f"Story {i}" for i in range(13, 3, -1)])
        with open(conf, "a") as f:
            f.write(f"[feed]\nurl = {self.feed}\nlimit = 4\n")
        rc, out, err = run("-c", conf, "--kiosk", "--cache", self.db, "--list")
        self.assertEqual((rc, err, len(out.splitlines())), (0, "", 4))
        del before["kiosk.conf"]
        after = self.state()
        del after["kiosk.conf"]
        self.assertEqual(after, before)

    def unwritable(self, path, on):
        """Makes a file unwritable even for root (the immutable attribute),
        else by its mode; on=False undoes it."""
        if os.geteuid() != 0:
            os.chmod(path, 0o444 if on else 0o644)
            return
        import fcntl
        import struct
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            flags = struct.unpack("l", fcntl.ioctl(fd, 0x80086601, struct.pack("l", 0)))[0]
            flags = flags | 0x10 if on else flags & ~0x10
            fcntl.ioctl(fd, 0x40086602, struct.pack("l", flags))
        finally:
            os.close(fd)

    def test_feeds_with_nothing_cached_are_named(self):
        # A run that cannot fetch (--offline, a kiosk's --offline, a cache
        # it cannot write) names each feed it has nothing of, in one line.
        self.write(["First"])
        other = os.path.join(self.dir, "other.xml")
        shutil.copyfile(SAMPLE, other)
        self.assertEqual(run("--cache", self.db, "--list", self.feed)[0], 0)
        before = self.state()
        for args in (["--kiosk", "--offline"], ["--offline"]):
            rc, out, err = run(*args, "--cache", self.db, "--list", self.feed, other)
            self.assertEqual((rc, len(out.splitlines())), (0, 1), args)
            self.assertEqual(err, f"ldnews: {other}: warning: nothing cached for it, and "
                                  "--offline does not fetch\n", args)
        # Alone, the one error says it.
        rc, out, err = run("--kiosk", "--offline", "--cache", self.db, "--list", other)
        self.assertEqual((rc, out), (3, ""))
        self.assertEqual(err, f"ldnews: nothing cached for {other} (run without --offline "
                              "to fetch)\n")
        self.assertEqual(self.state(), before)
        # A cache that cannot be written is read without refreshing.
        self.unwritable(self.db, True)
        self.addCleanup(self.unwritable, self.db, False)
        rc, out, err = run("--cache", self.db, "--list", self.feed, other)
        self.assertEqual((rc, len(out.splitlines())), (0, 1))
        self.assertEqual(err.splitlines()[-1], f"ldnews: {other}: warning: nothing cached for "
                                               "it, and the cache is read-only: not fetched")
        self.assertEqual(len(err.splitlines()), 2, err)
        self.assertIn("reading it without refreshing", err.splitlines()[0])

    def killed_writer(self, mode, commit, then):
        """A process that writes the cache (journal `mode`), commits `commit`,
        has `then` under way when it is killed with SIGKILL: what a crash
        or a kill -9 of another ldnews leaves beside the cache."""
        self.assertEqual(kill_sqlite_writer(self.db, [
            f"PRAGMA journal_mode = {mode}", "PRAGMA cache_size = 4",
            "PRAGMA wal_autocheckpoint = 0", commit, "BEGIN", then]), -9)

    def test_stale_side_files_are_read_and_never_touched(self):
        titles = [f"Story {i}" for i in range(80)]
        self.write(titles)
        fresh = os.path.join(self.dir, "fresh.db")
        self.assertEqual(run("--cache", fresh, "--list", self.feed)[0], 0)
        spill = "UPDATE articles SET author = hex(randomblob(4000))"
        for mode, side in (("WAL", "cache.db-wal"), ("DELETE", "cache.db-journal")):
            for f in os.listdir(self.dir):
                if f.startswith("cache.db"):
                    os.unlink(os.path.join(self.dir, f))
            shutil.copyfile(fresh, self.db)
            self.killed_writer(mode, "UPDATE feeds SET title = 'Wall, committed'", spill)
            self.assertTrue(os.path.exists(os.path.join(self.dir, side)), side)
            before = self.state()
            for args in (["--offline", "--list", "--json"], ["--list", "--json"]):
                rc, out, err = self.kiosk(*args, self.feed)
                self.assertEqual(rc, 0, (mode, args, err))
                rows = [json.loads(l) for l in out.splitlines()]
                self.assertEqual(len(rows), 80)
                if "--offline" in args:
                    # What was committed, without the write cut short.
                    self.assertEqual({r["feed"] for r in rows}, {"Wall, committed"}, mode)
                    self.assertEqual({r["author"] for r in rows}, {None}, mode)
                self.assertEqual(err, f"ldnews: {self.db}: an unfinished write (its "
                                      f"{side[len('cache.db'):]}) is left out; nothing was "
                                      "changed\n", mode)
                self.assertEqual(self.state(), before, (mode, args))
        # Side files that hold no write: read as they are, nothing said.
        for f in os.listdir(self.dir):
            if f.startswith("cache.db"):
                os.unlink(os.path.join(self.dir, f))
        shutil.copyfile(fresh, self.db)
        for sides in (["-shm"], ["-journal"], ["-wal"], ["-wal", "-shm"]):
            for s in sides:
                open(self.db + s, "wb").close()
            before = self.state()
            rc, out, err = self.kiosk("--offline", "--list", self.feed)
            self.assertEqual((rc, err, len(out.splitlines())), (0, "", 80), sides)
            self.assertEqual(self.state(), before, sides)
            for s in sides:
                os.unlink(self.db + s)

    def test_refuses_what_would_write(self):
        rc, out, err = run("--kiosk", "--reset-cache", "--list", SAMPLE)
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("--kiosk writes no file", err)


def free_port_url(path="/feed.xml"):
    """A loopback URL where nothing listens."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}{path}"


class CheckFeed(unittest.TestCase):
    """ldnews --check-feed URL: the diagnostic of one feed."""

    def test_headers_redirects_and_what_was_parsed(self):
        url = SERVER.base + "/moved/301/cache/300/feeds/rss2.xml"
        rc, out, err = run("--check-feed", url)
        self.assertEqual((rc, err), (0, ""))
        assert_clean(self, out)
        lines = out.splitlines()
        # In order: each request, each response, then the report.
        want = [
            "> GET /moved/301/cache/300/feeds/rss2.xml HTTP/1.1",
            "> User-Agent: ldnews/",
            "< HTTP/1.1 301 Moved Permanently",
            "< Location: /cache/300/feeds/rss2.xml",
            "> GET /cache/300/feeds/rss2.xml HTTP/1.1",
            "< HTTP/1.1 200 OK",
            "< Cache-Control: public, max-age=300",
            "status: HTTP/1.1 200 OK",
            "final address: " + SERVER.base + "/cache/300/feeds/rss2.xml",
            "redirects followed: 1",
            "moved permanently to: " + SERVER.base + "/cache/300/feeds/rss2.xml",
            "content type: application/rss+xml",
            "fresh until: ",
            "format: RSS 2.0",
            "title: London Daily",
            "articles: 3",
            "dates: 2024-09-10T06:15:00Z to 2024-09-12T09:30:00Z",
            "tags: 3",
        ]
        at = 0
        for w in want:
            for i in range(at, len(lines)):
                if lines[i].startswith(w):
                    at = i + 1
                    break
            else:
                self.fail(f"{w!r} missing (in order) from:\n{out}")
        self.assertIn("     1  ANT", lines)
        # Nothing was cached: the feed is not in the default cache.
        self.assertFalse(os.path.exists(os.path.join(DATA_HOME, "ldnews", "cache.db")) and
                         url in open(os.path.join(DATA_HOME, "ldnews", "cache.db"), "rb")
                         .read().decode("latin-1"))

    def test_failing_feed_shows_what_happened(self):
        url = SERVER.base + "/status/404"
        rc, out, err = run("--check-feed", url)
        self.assertEqual(rc, 3)
        self.assertIn("< HTTP/1.1 404 Not Found", out.splitlines())
        self.assertIn("status: HTTP/1.1 404 Not Found", out.splitlines())
        self.assertEqual(err, f"ldnews: {url}: HTTP 404 Not Found\n")
        rc, out, err = run("--check-feed", SERVER.base + "/retry/429/120")
        self.assertEqual(rc, 3)
        self.assertIn("< Retry-After: 120", out.splitlines())
        self.assertRegex(out, r"\nretry after: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(Retry-After\)\n")

    def test_not_a_feed_and_malformed(self):
        # An HTML page that names its feed leads there, as for --list:
        # each transfer is traced and summed up, then the feed reported.
        rc, out, err = run("--check-feed", SERVER.base + "/file/http/site-with-feed.html")
        self.assertEqual((rc, err), (0, ""))
        lines = out.splitlines()
        self.assertIn("content type: text/html; charset=utf-8", lines)
        self.assertIn("> GET /file/feeds/rss2.xml HTTP/1.1", lines)
        self.assertIn("feed found on the page: " + SERVER.base + "/file/feeds/rss2.xml", lines)
        self.assertIn("format: RSS 2.0", lines)
        self.assertEqual(len(re.findall(r"^body: \d+ bytes received \(decoded\)$", out, re.M)), 2)
        # One that names none fails with the line --list gives.
        url = SERVER.base + "/file/http/site-without-feed.html?t=check-none"
        rc, out, err = run("--check-feed", url)
        self.assertEqual(rc, 3)
        # The format is the one the parser read: none here.
        self.assertNotIn("format:", out)
        self.assertEqual(err, f"ldnews: {url}: {DiscoveryAndFormats.NO_FEED}\n")
        self.assertEqual(run("--no-cache", "--list", url)[2], err)
        # XML that is no feed: the parser says what it read.
        rc, out, err = run("--check-feed", SERVER.base + "/file/opml/simple.opml")
        self.assertEqual(rc, 3)
        self.assertNotIn("format:", out)
        self.assertIn("not an RSS, Atom or JSON Feed (root element <opml>)", err)
        rc, out, err = run("--check-feed", SERVER.base + "/file/feeds/malformed-midway.xml")
        self.assertEqual((rc, err), (0, ""))
        self.assertRegex(out, r"\nwarning: line \d+: ")
        self.assertIn("articles: 2", out.splitlines())

    def test_hostile_headers_and_text_are_neutralized(self):
        for path in ("/case/hostile-header", "/file/feeds/escapes.xml",
                     "/file/feeds/hostile-fields.xml"):
            rc, out, err = run("--check-feed", SERVER.base + path)
            self.assertEqual(rc, 0, path)
            assert_clean(self, out)
            assert_clean(self, err)
        rc, out, _ = run("--check-feed", SERVER.base + "/case/hostile-header")
        # Escape sequences go whole (OSC with its text), bidi overrides too.
        self.assertIn("< X-Evil:  and red desrever", out.splitlines())

    def test_credentials_are_masked(self):
        # The report is for bug reports: the proxy's password (http_proxy,
        # which libcurl names) and the feed's, and the Proxy-Authorization
        # and Authorization headers, show as ***. The test server is the
        # proxy (it serves requests in absolute form like their path).
        env = dict(ENV, http_proxy=f"http://proxyuser:pr0xys3cret@127.0.0.1:{SERVER.port}")
        for v in ("HTTP_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
            env.pop(v, None)
        secrets = ("pr0xys3cret", "s1tes3cret", "proxyuser:", "siteuser:",
                   base64.b64encode(b"proxyuser:pr0xys3cret").decode(),
                   base64.b64encode(b"siteuser:s1tes3cret").decode())
        url = "http://siteuser:s1tes3cret@feeds.invalid/file/feeds/rss2.xml"
        p = subprocess.run([*LDNEWS_CMD, "--check-feed", url], capture_output=True, env=env,
                           timeout=60)
        out, err = p.stdout.decode(), p.stderr.decode()
        self.assertEqual((p.returncode, err), (0, ""), out)
        lines = out.splitlines()
        self.assertIn(f"* Uses proxy env variable http_proxy == 'http://***@127.0.0.1:{SERVER.port}'",
                      lines)
        self.assertIn("> Proxy-Authorization: ***", lines)
        self.assertIn("> Authorization: ***", lines)
        self.assertIn("title: London Daily", lines)
        for s in secrets:
            self.assertNotIn(s, out)
        # The request did go through the proxy, with the credentials.
        sent = SERVER.requests("http://feeds.invalid/file/feeds/rss2.xml")[-1]["headers"]
        self.assertEqual(sent.get("Proxy-Authorization"),
                         "Basic " + base64.b64encode(b"proxyuser:pr0xys3cret").decode())
        # And when the proxy is not there, the error line hides them too.
        env["http_proxy"] = free_port_url("").replace("http://", "http://proxyuser:pr0xys3cret@")
        p = subprocess.run([*LDNEWS_CMD, "--check-feed", url], capture_output=True, env=env,
                           timeout=60)
        out, err = p.stdout.decode(), p.stderr.decode()
        self.assertEqual(p.returncode, 3)
        self.assertIn("ldnews: http://***@feeds.invalid/file/feeds/rss2.xml: ", err)
        for s in secrets:
            self.assertNotIn(s, out + err)

    def test_usage(self):
        rc, out, err = run("--check-feed", SERVER.base + "/file/feeds/rss2.xml", SAMPLE)
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("--check-feed", err)
        rc, out, err = run("--check-feed", SAMPLE, "--list")
        self.assertEqual((rc, out), (2, ""))


# What a hostile server, feed, cache or file puts into every part of a
# message it controls: OSC 0 (window title), OSC 52 (clipboard), RIS,
# CSI 2J (clear screen), a C1 CSI, the bidi override and isolate controls.
HOSTILE = "\x1b]0;title\x07\x1b]52;c;aGk=\x07\x1bc\x1b[2J\u009b31m\u202e\u2066"
HOSTILE_BYTES = HOSTILE.encode() + b"\xff"  # and a byte that is not UTF-8


def assert_clean_bytes(test, data, what):
    """Byte by byte: valid UTF-8, no C0 byte but the newline that ends each
    line, no DEL, no C1 (C2 80 - C2 9F), no bidi control."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        test.fail(f"{what}: not UTF-8 ({e}): {data[:300]!r}")
    if data and not data.endswith(b"\n"):
        test.fail(f"{what}: does not end with a newline: {data[-100:]!r}")
    for i, b in enumerate(data):
        if (b < 0x20 and b != 0x0A) or b == 0x7F:
            test.fail(f"{what}: byte 0x{b:02x} at {i}: {data[max(0, i - 60):i + 20]!r}")
    m = re.search(rb"\xc2[\x80-\x9f]", data)
    if m:
        test.fail(f"{what}: C1 control at {m.start()}: {data[:300]!r}")
    for ch in text:
        if 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            test.fail(f"{what}: bidi control U+{ord(ch):04X}: {text[:300]!r}")


def json_strings(value):
    """Every (key, string) of a decoded JSON value, keys of nested objects
    included."""
    if isinstance(value, str):
        yield None, value
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            for key, s in json_strings(v):
                yield (key or k), s


def assert_json_strings_clean(test, out):
    """--json: every string of every line carries no control character at
    all (not even an escaped newline), no C1, no bidi control; "body"
    alone keeps its paragraph breaks."""
    for line in out.decode("utf-8").splitlines():
        for key, s in json_strings(json.loads(line)):
            for ch in (s.replace("\n", " ") if key == "body" else s):
                o = ord(ch)
                if o < 0x20 or 0x7F <= o <= 0x9F or 0x202A <= o <= 0x202E or \
                        0x2066 <= o <= 0x2069:
                    test.fail(f"U+{o:04X} in JSON string {key}: {s!r}")


def hostile_feed(mark):
    """An RSS feed with hostile text in every field XML can carry (XML 1.0
    has no ESC, even as a reference: C1, bidi, LF and CR it has; the byte
    filter may read a C1 as windows-1252, so the exact values checked hold
    only LF, CR and bidi)."""
    h = "&#x9b;2J&#x202e;&#x2066;&#x85;&#10;&#13;&#9;"
    return ('<?xml version="1.0"?>\n<rss version="2.0" xmlns:a="%(h)sNS%(m)s"><channel>'
            "<title>FT%(h)s%(m)s</title><link>http://site.example/%(h)s</link>"
            "<item><title>IT%(h)s%(m)s</title>"
            "<link>http://a.example/x&#10;http://evil.example/&#x202e;</link>"
            "<guid>G%(h)s1</guid><author>AU%(h)s</author><category>TG%(h)s%(m)s</category>"
            "<description>SU%(h)s</description>"
            '<enclosure url="http://e.example/&#10;&#x202e;&#13;x" type="audio/%(h)smpeg" '
            'length="1"/>'
            "</item></channel></rss>\n" % {"h": h, "m": mark}).encode()


class HostileOutput(unittest.TestCase):
    """Every byte ldnews writes, on stdout and stderr, in every headless
    mode, is clean whatever a server, a feed, the cache, a config or an
    OPML file put into it: one sanitizer (msg_print, text_line) at the
    edge. A server of the test's own serves replies written here."""

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="ldnews-hostile-")
        os.makedirs(os.path.join(cls.root, "http"))
        os.makedirs(os.path.join(cls.root, "f"))
        feed = hostile_feed("FEEDX")
        with open(os.path.join(cls.root, "f", "feed.xml"), "wb") as f:
            f.write(feed)
        page = (b'<html><head><link rel="alternate" type="application/rss+xml" '
                b'href="/file/f/feed.xml?&#x202e;&#x9b;2J&#x1b;]0;x&#7;DISCX"></head></html>')
        cls.reply("charset", b"200 OK", [b'Content-Type: application/rss+xml; charset="' +
                                         HOSTILE_BYTES + b'CSX\r"'], feed)
        cls.reply("reason", b"503 Busy " + HOSTILE_BYTES + b"RSX\r", [b"Content-Type: text/plain"],
                  b"x")
        cls.reply("moved", b"301 Gone " + HOSTILE_BYTES,
                  [b"Location: /file/f/feed.xml?" + "\u202e\u009bLOCX".encode()])
        cls.reply("page", b"200 OK", [b"Content-Type: text/html"], page)
        cls.server = TestServer(cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        subprocess.run(["rm", "-rf", cls.root])

    @classmethod
    def reply(cls, name, status, headers, body=b""):
        head = b"HTTP/1.1 " + status + b"\n" + b"".join(h + b"\n" for h in headers)
        with open(os.path.join(cls.root, "http", name + ".reply"), "wb") as f:
            f.write(head + b"Content-Length: %d\nConnection: close\n\n" % len(body) + body)

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-hostile-run-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])

    def run_bytes(self, *args):
        p = subprocess.run([*LDNEWS_CMD, *args], capture_output=True, env=ENV, timeout=60)
        assert_clean_bytes(self, p.stdout, f"stdout of {args}")
        assert_clean_bytes(self, p.stderr, f"stderr of {args}")
        return p.returncode, p.stdout, p.stderr

    def test_server_text_in_every_mode(self):
        db, kiosk_db = os.path.join(self.dir, "c.db"), os.path.join(self.dir, "k.db")
        modes = (("--list", "--no-cache"), ("--list", "--cache", db),
                 ("--list", "--json", "--no-cache"), ("--show", "1", "--no-cache"),
                 ("--show", "1", "--json", "--cache", db), ("--tags", "--no-cache"),
                 ("--kiosk", "--list", "--cache", kiosk_db), ("--check-feed",))
        # What each reply must have made ldnews say (so the check above
        # looked at a message that was printed).
        said = {"charset": [b'unknown charset "\xef\xbf\xbdCSX', b"NSFEEDX' is not a valid URI"],
                "reason": [b"HTTP 503 Busy", b"RSX"], "moved": [b"moved permanently to "],
                "page": [b"using the feed found at "]}
        for case, marks in said.items():
            url = self.server.base + "/case/" + case
            both = b""
            for mode in modes:
                _, out, err = self.run_bytes(*mode, url)
                both += out + err
            for m in marks:
                self.assertIn(m, both, case)

    def test_feed_fields_and_json(self):
        url = self.server.base + "/file/f/feed.xml"
        db = os.path.join(self.dir, "c.db")
        for args in (("--list",), ("--show", "1"), ("--tags",), ("--list", "--json"),
                     ("--show", "1", "--json"), ("--tags", "--json")):
            for cache in (("--no-cache",), ("--cache", db)):
                rc, out, _ = self.run_bytes(*args, *cache, url)
                self.assertEqual(rc, 0, args)
                self.assertIn(b"FEEDX", out, args)
                if "--json" in args:
                    assert_json_strings_clean(self, out)
        rc, out, _ = self.run_bytes("--show", "1", "--json", "--no-cache", url)
        a = json.loads(out)
        # A line break is a space: `jq -r .link` prints one line.
        self.assertEqual(a["link"], "http://a.example/x http://evil.example/")
        self.assertEqual(a["enclosures"][0]["url"], "http://e.example/ x")
        self.assertEqual(self.run_bytes("--check-feed", url)[0], 0)

    def test_json_feed_escape_sequences(self):
        # JSON Feed carries what XML cannot: ESC, BEL, every C0 control.
        path = os.path.join(self.dir, "feed.json")
        with open(path, "w") as f:
            json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "F" + HOSTILE,
                       "items": [{"id": "1\n" + HOSTILE, "url": "https://a.example/\n" + HOSTILE,
                                  "title": "T" + HOSTILE + "\r\nJSONX", "tags": ["t\n" + HOSTILE],
                                  "attachments": [{"url": "https://a.example/a.mp3\n" + HOSTILE,
                                                   "mime_type": "audio/\n" + HOSTILE}]}]}, f)
        for args in (("--list",), ("--show", "1"), ("--list", "--json"), ("--show", "1", "--json"),
                     ("--tags", "--json")):
            rc, out, _ = self.run_bytes(*args, "--no-cache", path)
            self.assertEqual(rc, 0, args)
            if "--json" in args:
                assert_json_strings_clean(self, out)

    def test_cache_rows(self):
        feed = os.path.join(self.dir, "feed.xml")
        with open(feed, "wb") as f:
            f.write(hostile_feed("X"))
        db = os.path.join(self.dir, "c.db")
        self.assertEqual(self.run_bytes("--list", "--cache", db, feed)[0], 0)
        # A tampered cache: its triggers (which need ldnews' tokenizer) gone,
        # every text column hostile, the remembered feed address a path.
        c = sqlite3.connect(db)
        for (t,) in list(c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")):
            c.execute(f"DROP TRIGGER {t}")
        c.execute("UPDATE feeds SET fetch_url = ?, title = CAST(? AS TEXT)",
                  (os.path.join(self.dir, "no" + HOSTILE + "PATHX\n.xml"), b"FT\xff" + HOSTILE_BYTES))
        c.execute("UPDATE articles SET title = ?, link = ?, author = ?, guid = ?, summary = ?",
                  ("TI" + HOSTILE + "\r\nX", "http://a/\nhttp://evil/" + HOSTILE, "AU" + HOSTILE,
                   "G" + HOSTILE + "\n1", "SU" + HOSTILE))
        c.execute("UPDATE tags SET tag = ?", ("TG" + HOSTILE + "\nX",))
        c.execute("UPDATE enclosures SET url = ?, type = ?", ("http://e/\n" + HOSTILE, "a/\n" + HOSTILE))
        c.commit()
        c.close()
        err_all = b""
        for args in (("--list",), ("--list", "--json"), ("--show", "1"), ("--show", "1", "--json"),
                     ("--tags",), ("--tags", "--json"), ("--offline", "--list")):
            rc, out, err = self.run_bytes(*args, "--cache", db, feed)
            err_all += err
            self.assertEqual(rc, 0, args)
            if "--json" in args:
                assert_json_strings_clean(self, out)
        self.assertIn(b"PATHX", err_all)

    def test_config_opml_and_arguments(self):
        bidi = "\u202e\u2066"  # the config reader refuses C0 and C1 itself
        conf = os.path.join(self.dir, "bad.conf")
        for text, mark in (("[general]\nrefresh = 5%sCONFX\n", b"CONFX"),
                           ("[general]\nfoo%sCONFX = 1\n", b"CONFX"),
                           ("[colors]\nti%sCONFX = red\n", b"CONFX"),
                           ("[keys]\nquit = %sCONFX\n", b"CONFX")):
            with open(conf, "w") as f:
                f.write(text % bidi)
            rc, out, err = self.run_bytes("-c", conf, "--list", SAMPLE)
            self.assertEqual((rc, out), (2, b""), text)
            self.assertIn(mark, err, text)
        # A hostile OPML file name and outlines: the skipped ones are named.
        opml = os.path.join(self.dir, "o" + HOSTILE + "OPMLX.opml")
        with open(opml, "w") as f:
            f.write('<?xml version="1.0"?><opml version="2.0"><head/><body>'
                    '<outline text="T&#x9b;2J&#x202e;X" xmlUrl="javascript:&#x202e;alert(1)"/>'
                    '<outline text="ok" xmlUrl="https://ok.example/feed"/></body></opml>')
        rc, out, err = self.run_bytes("-c", os.path.join(self.dir, "imp" + HOSTILE + ".conf"),
                                      "--import-opml", opml)
        self.assertEqual(rc, 0)
        self.assertIn(b"OPMLX.opml: skipped outline", err)
        self.assertIn(b"imported 1 feed", out)
        # Paths and option values from the command line, echoed in errors.
        rc, _, err = self.run_bytes("--list", "--no-cache", os.path.join(self.dir, "m" + HOSTILE +
                                                                         "\nFILEX.xml"))
        self.assertEqual(rc, 3)
        self.assertIn(b"FILEX.xml: cannot read", err)
        self.assertEqual(self.run_bytes("--list", "--nosuchopt" + HOSTILE)[0], 2)
        self.assertEqual(self.run_bytes("--show", "x" + HOSTILE, SAMPLE)[0], 2)


class Schedule(unittest.TestCase):
    """Retry-After, freshness and permanent redirects across runs of ldnews."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-sched-")
        self.db = os.path.join(self.dir, "cache.db")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])

    def run_cached(self, *args):
        return run("--cache", self.db, *args)

    def test_retry_after_is_respected_on_the_next_run(self):
        for name, answer in (("cli-ra-secs", "/retry/429/3600"),
                             ("cli-ra-date", "/retry/503/date3600")):
            SERVER.alias(name, "/file/feeds/rss2.xml")
            url = SERVER.base + "/alias/" + name
            rc, first, err = self.run_cached("--list", url)
            self.assertEqual((rc, err), (0, ""))
            SERVER.alias(name, answer)
            rc, out, err = self.run_cached("--list", url)
            self.assertEqual((rc, out), (0, first))  # the cache is shown
            self.assertRegex(err, "^ldnews: %s: HTTP (429 Too Many Requests|503 Service "
                             "Unavailable)\n$" % re.escape(url))
            asked = SERVER.count("/alias/" + name)
            # The server would answer again, but is not asked before then.
            SERVER.alias(name, "/file/feeds/rss2.xml")
            rc, out, err = self.run_cached("--list", url)
            self.assertEqual((rc, out), (0, first))
            self.assertRegex(err, r"^ldnews: %s: not fetched: not before (\d{4}-\d\d-\d\d )?"
                             r"\d\d:\d\d \(Retry-After\)\n$" % re.escape(url))
            self.assertEqual(SERVER.count("/alias/" + name), asked)

    def test_retry_after_with_nothing_cached(self):
        url = SERVER.base + "/retry/429/600"
        rc, out, err = self.run_cached("--list", url)
        self.assertEqual((rc, out, err), (3, "", f"ldnews: {url}: HTTP 429 Too Many Requests\n"))
        rc, out, err = self.run_cached("--list", url)
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("not before", err)
        self.assertEqual(SERVER.count("/retry/429/600"), 1)

    def test_fresh_feed_is_not_asked_again(self):
        for path in ("/cache/600/feeds/atom10.xml", "/expires/600/feeds/rdf.xml"):
            rc, first, err = self.run_cached("--list", SERVER.base + path)
            self.assertEqual((rc, err), (0, ""))
            asked = SERVER.count(path)
            rc, out, err = self.run_cached("--list", SERVER.base + path)
            self.assertEqual((rc, out, err), (0, first, ""))
            self.assertEqual(SERVER.count(path), asked)

    def test_permanent_redirect_is_noted_once_then_followed(self):
        for code, name in (("301", "cli-mv-301"), ("308", "cli-mv-308")):
            target = f"/file/feeds/rdf.xml?t={name}"
            SERVER.alias(name, f"/moved/{code}/file/feeds/rdf.xml?t={name}")
            url = SERVER.base + "/alias/" + name
            rc, first, err = self.run_cached("--list", url)
            self.assertEqual(rc, 0)
            self.assertEqual(err, f"ldnews: {url}: moved permanently to {SERVER.base}{target}; "
                             "update your config\n")
            self.assertEqual(SERVER.count("/alias/" + name), 1)
            rc, out, err = self.run_cached("--list", url)
            self.assertEqual((rc, out, err), (0, first, ""))
            # Straight to the new address, conditionally.
            self.assertEqual(SERVER.count("/alias/" + name), 1)
            last = [r for r in SERVER.requests() if r["path"] == target][-1]
            self.assertIn("If-None-Match", last["headers"])
            self.assertEqual(SERVER.count(target), 2)


class ManyFeeds(unittest.TestCase):
    """200 feeds at once: all read, a failing third reported, the
    connection limits kept (the server counts what it serves at once)."""

    def feeds(self):
        refused = free_port_url()
        urls, bad = [], {}
        for i in range(200):
            if i % 3 == 0:
                kind = ("/status/404", "/status/500", None)[(i // 3) % 3]
                url = refused if kind is None else SERVER.host_url(1 + i % 4, kind)
                bad[url] = ("connection refused" if kind is None else
                            "HTTP 404 Not Found" if kind.endswith("404") else
                            "HTTP 500 Internal Server Error")
            else:
                url = SERVER.host_url(1 + i % 4, f"/gen/{5000 + i}/5?ms=20")
            urls.append(url)
        return urls, bad

    def check_run(self, *extra):
        urls, bad = self.feeds()
        SERVER.stats(reset=True)
        rc, out, err = run("--list", "--json", *extra, *urls, timeout=120)
        self.assertEqual(rc, 0, err)
        items = [json.loads(l) for l in out.splitlines()]
        good = [u for u in urls if u not in bad]
        self.assertEqual(len(items), 5 * len(good))
        got = {}
        for it in items:
            got.setdefault(it["feed"], set()).add(it["title"])
        for i, u in enumerate(urls):
            if u in bad:
                continue
            self.assertEqual(got.get(f"Generated feed {5000 + i}"),
                             {f"Story {k} of feed {5000 + i}" for k in range(5)})
        lines = err.splitlines()
        self.assertEqual(len(lines), len([u for u in urls if u in bad]))
        for line in lines:
            m = re.fullmatch(r"ldnews: (\S+): (.*)", line)
            self.assertIsNotNone(m, line)
            self.assertEqual(m.group(2), bad[m.group(1)], line)
        st = SERVER.stats()
        self.assertLessEqual(st["max_busy"], 8, st)
        self.assertGreater(st["max_busy"], 2, st)  # really in parallel
        for host, n in st["max_busy_host"].items():
            self.assertLessEqual(n, 2, (host, st))

    def test_two_hundred_feeds_into_the_cache(self):
        d = tempfile.mkdtemp(prefix="ldnews-many-")
        self.addCleanup(subprocess.run, ["rm", "-rf", d])
        self.check_run("--cache", os.path.join(d, "cache.db"))

    def test_two_hundred_feeds_without_a_cache(self):
        self.check_run("--no-cache")



class DiscoveryAndFormats(unittest.TestCase):
    """A site's HTML page leads to its feed (told once with a cache, found
    each run without); the format named is the parser's; the HTTP charset
    wins over the document's declaration."""

    NO_FEED = ("no feed found: the page names none, and none of /feed, /rss, /rss.xml, "
               "/feed.xml, /atom.xml or /index.xml is a feed")

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-disc-")
        self.db = os.path.join(self.dir, "cache.db")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])
        rc, self.feed_list, err = run("--no-cache", "--list", SERVER.base + "/file/feeds/rss2.xml")
        self.assertEqual((rc, err), (0, ""))

    def test_page_with_a_cache_then_straight_to_the_feed(self):
        path = "/file/http/site-with-feed.html?t=cli-disc"
        feed = "/file/feeds/rss2.xml"
        rc, out, err = run("--cache", self.db, "--list", SERVER.base + path)
        self.assertEqual((rc, out), (0, self.feed_list))
        self.assertEqual(err, f"ldnews: {SERVER.base + path}: using the feed found at "
                              f"{SERVER.base + feed}\n")
        self.assertEqual(SERVER.count(path), 1)
        asked = SERVER.count(feed)
        rc, out, err = run("--cache", self.db, "--list", SERVER.base + path)
        self.assertEqual((rc, out, err), (0, self.feed_list, ""))  # told once only
        self.assertEqual(SERVER.count(path), 1)      # the page is not asked again
        self.assertEqual(SERVER.count(feed), asked + 1)
        last = [r for r in SERVER.requests() if r["path"] == feed][-1]
        self.assertIn("If-None-Match", last["headers"])

    def test_page_without_a_cache_each_run(self):
        path = "/file/http/site-with-feed.html?t=cli-nocache"
        for n in (1, 2):
            rc, out, _ = run("--no-cache", "--list", SERVER.base + path)
            self.assertEqual((rc, out), (0, self.feed_list))
            self.assertEqual(SERVER.count(path), n)

    def test_common_feed_paths_of_the_site(self):
        # 127.0.0.2 is the server's site whose /rss.xml is its feed.
        url = SERVER.host_url(2, "/file/http/site-without-feed.html?t=cli-common")
        rc, out, _ = run("--cache", self.db, "--list", url)
        self.assertEqual((rc, out), (0, self.feed_list))
        rc, out, err = run("--cache", self.db, "--list", url)
        self.assertEqual((rc, out, err), (0, self.feed_list, ""))
        self.assertEqual(SERVER.count("/file/http/site-without-feed.html?t=cli-common"), 1)

    def test_no_feed_found(self):
        url = SERVER.base + "/file/http/site-without-feed.html?t=cli-none"
        for args in (("--no-cache",), ("--cache", self.db)):
            rc, out, err = run(*args, "--list", url)
            self.assertEqual((rc, out), (3, ""))
            self.assertEqual(err, f"ldnews: {url}: {self.NO_FEED}\n")

    def test_check_feed_names_the_format_read(self):
        for path, fmt in (("/file/feeds/json11.json", "JSON Feed 1.1"),
                          ("/file/feeds/atom10.xml", "Atom 1.0"),
                          ("/file/feeds/rdf.xml", "RSS 1.0"),
                          ("/file/feeds/rss091.xml", "RSS 0.9x")):
            rc, out, err = run("--check-feed", SERVER.base + path)
            self.assertEqual((rc, err), (0, ""), path)
            self.assertIn("format: " + fmt, out.splitlines(), path)

    def test_http_charset_wins(self):
        url = SERVER.base + "/charset/iso-8859-1/http/latin1-lying.xml"
        rc, out, err = run("--check-feed", url)
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("title: Caf\u00e9 Soci\u00e9t\u00e9", out.splitlines())
        for args in (("--no-cache",), ("--cache", self.db)):
            rc, out, err = run(*args, "--list", url)
            self.assertEqual((rc, err), (0, ""), args)
            self.assertIn("Cr\u00e8me br\u00fbl\u00e9e at the caf\u00e9", out, args)

def measured(*args, timeout=120):
    """Runs ldnews and returns (rc, out, err, cpu seconds, peak RSS in KiB)
    of that one child (os.wait4: RUSAGE_CHILDREN would mix children)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([*LDNEWS_CMD, *args], stdout=out, stderr=err, env=ENV)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid == p.pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                os.wait4(p.pid, 0)
                raise AssertionError(f"ldnews {' '.join(args)[:80]}: over {timeout} s")
            time.sleep(0.01)  # polling the child's end, not waiting for a state
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read().decode("utf-8"), err.read().decode("utf-8"),
                ru.ru_utime + ru.ru_stime, ru.ru_maxrss)


# An ASan build's memory figures are the sanitizer's (shadow, quarantine).
with open(LDNEWS, "rb") as _f:
    SANITIZED = b"__asan_init" in _f.read()


class Costs(unittest.TestCase):
    """Issue 14, 5-8: costs linear in the input (the cost at 10x the input
    about 10x, asserted at most 20x against a quadratic 100x, both measured
    in one run) and bounded where a hostile input would make them huge,
    with one warning line and exit 0."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-costs-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def assert_linear(self, what, make, n, check=None):
        """make(size) gives the arguments of a run for input size n and
        10n; each size runs twice (once under ASan), the least CPU time
        counts. check(size, result), when given, looks at each run's
        (rc, out, err, cpu, rss)."""
        cost = {}
        # alternated, so that a busy spell of the machine weighs on both
        for _ in range(1 if SANITIZED else 2):
            for size in (n, 10 * n):
                r = measured(*make(size))
                if check is not None:
                    check(size, r)
                cost[size] = min(cost.get(size, r[3]), r[3])
        print(f"\n{what}: {n}: {cost[n]:.3f} s, {10 * n}: {cost[10 * n]:.3f} s",
              file=sys.stderr)
        # Linear is x10 and quadratic x100: x20 tells them apart with room
        # for a machine busy with other work (scripts/stress-test).
        self.assertLessEqual(cost[10 * n], 20 * cost[n],
                             f"{what}: not linear: {cost}")

    def items_feed(self, n):
        """n minimal items (issue 14: 3.3 million in 100 MiB)."""
        path = self.path(f"items{n}.xml")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write("<rss><channel><title>T</title>")
                f.writelines(f"<item><guid>{i}</guid></item>" for i in range(n))
                f.write("</channel></rss>")
        return path

    def test_item_bounds_warn_once(self):
        path = self.path("tags.xml")
        with open(path, "w") as f:
            f.write('<rss xmlns:media="http://search.yahoo.com/mrss/"><channel>'
                    "<title>T</title><item><title>many</title><guid>g</guid>")
            f.writelines(f"<category>t{i}</category>" for i in range(1000))
            f.writelines(f'<media:content url="https://x/{i}.mp3"/>' for i in range(100))
            f.write("</item></channel></rss>")
        want = (f"ldnews: {path}: warning: 744 tags dropped in 1 article (at most 256 kept "
                "an article); 36 enclosures dropped in 1 article (at most 64 kept an "
                "article)\n")
        for args in (("--no-cache",), ("--cache", self.path("c.db"))):
            rc, out, err = run(*args, "--show", "1", "--json", path)
            self.assertEqual((rc, err), (0, want), args)
            shown = json.loads(out)
            self.assertEqual(shown["tags"], [f"t{i}" for i in range(256)])
            self.assertEqual(len(shown["enclosures"]), 64)

    def test_article_count_bounded(self):
        # 1,000,000 minimal items (31 MB) took 358 MB with --no-cache; the
        # first 100,000 are kept, so 10x the items costs about the same
        # memory and at most 20x the time (linear: about 10x).
        rss = {}

        def check(n, r):
            rc, out, err, _, rss[n] = r
            path = self.items_feed(n)
            self.assertEqual(rc, 0)
            self.assertEqual(err, "" if n <= 100000 else
                             f"ldnews: {path}: warning: {n - 100000} articles dropped "
                             "(at most 100000 kept a feed)\n")
            self.assertEqual(len(out.splitlines()), 100000)
        self.assert_linear("minimal items", lambda n: ("--no-cache", "--list",
                                                       self.items_feed(n)), 100000, check)
        print(f"peak RSS: 100000 items {rss[100000]} KiB, 1000000 items "
              f"{rss[1000000]} KiB", file=sys.stderr)
        if not SANITIZED:
            self.assertLess(rss[1000000], 2 * rss[100000])

    def test_import_opml_linear(self):
        # 100,000 outlines took 46 s: each was checked against every feed
        # of the config and every outline before it.
        def make(n):
            opml = self.path(f"feeds{n}.opml")
            if not os.path.exists(opml):
                with open(opml, "w") as f:
                    f.write('<opml version="2.0"><body>')
                    # every fourth a repeat, and a few the config has
                    f.writelines(f'<outline text="f{i}" xmlUrl="https://x/'
                                 f'{i // 8 * 4 if i % 4 == 3 else i}"/>'
                                 for i in range(n))
                    f.write("</body></opml>")
            conf = self.path(f"config{n}")
            with open(conf, "w") as f:
                f.writelines(f"[feed]\nurl = https://x/{i}\n" for i in range(0, n, 100))
            return ("-c", conf, "--import-opml", opml)

        def check(n, r):
            rc, out, err = r[:3]
            added = n - n // 4 - len(range(0, n, 100))
            self.assertEqual((rc, err), (0, ""))
            self.assertIn(f"imported {added} feeds ({n - added} already present)", out)
        self.assert_linear("--import-opml", make, 5000, check)

    def test_config_reads_are_bounded(self):
        # /dev/zero ends no line: it grew to 3.8 GB before the 64 KiB check.
        rc, out, err, _, rss = measured("-c", "/dev/zero", "--list")
        self.assertEqual((rc, out, err),
                         (2, "", "ldnews: /dev/zero:1: line longer than 65536 bytes\n"))
        if not SANITIZED:
            self.assertLess(rss, 64 * 1024)
        # A FIFO of comments without end stops at 16 MiB.
        fifo = self.path("config.fifo")
        os.mkfifo(fifo, 0o600)

        def feed():
            try:
                with open(fifo, "w") as f:
                    while True:
                        f.write("# comment\n" * 4096)
            except (BrokenPipeError, OSError):
                pass
        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        rc, out, err = run("-c", fifo, "--list")
        writer.join(timeout=30)
        self.assertEqual((rc, out, err),
                         (2, "", f"ldnews: {fifo}: larger than 16777216 bytes\n"))

    def test_config_read_linear(self):
        def make(n):
            conf = self.path(f"config{n}")
            if not os.path.exists(conf):
                with open(conf, "w") as f:
                    f.writelines(f"[feed]\nurl = https://x/{i}\ntags = a, b{i}\n"
                                 for i in range(n))
            return ("-c", conf, "--export-opml")

        def check(n, r):
            self.assertEqual((r[0], r[2]), (0, ""))
            self.assertEqual(r[1].count("<outline "), n)
        self.assert_linear("config of many feeds", make, 5000, check)


PAGES = os.path.join(DATA, "pages")


class FullText(unittest.TestCase):
    """--show N --full: the article's page fetched from the loopback server,
    extracted, kept in the cache with its validators."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ldnews-full-")
        cls.page = "/file/pages/london-daily.html"
        items = [("ld1", "London Councils Turn Empty Offices into Affordable Homes",
                  SERVER.base + cls.page, "09:30"),
                 ("ld2", "Gone", SERVER.base + "/status/404", "08:30"),
                 ("ld3", "Not an article", SERVER.base + "/file/feeds/empty.xml", "07:30")]
        cls.feed = os.path.join(cls.dir, "feed.xml")
        with open(cls.feed, "w") as f:
            f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>LD</title>')
            for guid, title, link, hm in items:
                f.write(f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
                        f"<pubDate>Thu, 12 Sep 2024 {hm}:00 GMT</pubDate>"
                        "<description>A standfirst only.</description>"
                        "<category>Housing</category></item>")
            f.write("</channel></rss>")
        with open(os.path.join(PAGES, "london-daily.expected.txt"), encoding="utf-8") as f:
            cls.want_body = f.read().splitlines()
        with open(os.path.join(PAGES, "london-daily.related.txt"), encoding="utf-8") as f:
            cls.want_related = [dict(zip(("title", "url"), l.split("\t")))
                                for l in f.read().splitlines()]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def cache(self, name):
        return os.path.join(self.dir, name)

    def test_text(self):
        rc, out, err = run("--no-cache", "--show", "1", "--full", "--width", "10000", self.feed)
        self.assertEqual((rc, err), (0, ""))
        lines = out.splitlines()
        head = lines[:lines.index("[image: An office block in Croydon under conversion]")]
        self.assertIn("Text: from the page", head)
        self.assertIn("Tags: #Housing #ANT", head)
        body = lines[len(head) + 1:lines.index("Enclosures")]
        self.assertEqual([l for l in body if l], self.want_body)
        self.assertIn("[e1] https://londondaily.example/news/audio/london-daily.mp3 (audio/mpeg)",
                      lines)
        rel = lines[lines.index("Related articles") + 1:]
        self.assertEqual(rel, ["%2d  %s" % (i + 1, r["title"])
                               for i, r in enumerate(self.want_related)])
        # Without --full: the feed's text, not marked.
        rc, out, err = run("--no-cache", "--show", "1", self.feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertNotIn("from the page", out)
        self.assertIn("A standfirst only.", out)

    def test_json(self):
        rc, out, err = run("--no-cache", "--show", "1", "--full", "--json", self.feed)
        self.assertEqual((rc, err), (0, ""))
        d = json.loads(out)
        self.assertEqual(d["body_source"], "page")
        self.assertEqual([l for l in d["body"].split("\n") if l], self.want_body)
        self.assertEqual(d["tags"], ["Housing", "ANT"])
        self.assertIsNone(d["byline"])
        self.assertEqual(d["lead_image"],
                         {"url": "https://londondaily.example/images/london-daily.jpg",
                          "alt": "An office block in Croydon under conversion"})
        self.assertEqual(d["enclosures"],
                         [{"url": "https://londondaily.example/news/audio/london-daily.mp3",
                           "type": "audio/mpeg", "length": None}])
        self.assertEqual(d["related"], [dict(n=i + 1, **r)
                                        for i, r in enumerate(self.want_related)])
        rc, out, err = run("--no-cache", "--show", "1", "--json", self.feed)
        self.assertEqual((rc, err), (0, ""))
        d = json.loads(out)
        self.assertEqual(d["body_source"], "feed")
        self.assertNotIn("byline", d)

    def test_errors(self):
        url = SERVER.base + "/status/404"
        self.assertEqual(run("--no-cache", "--show", "2", "--full", self.feed),
                         (3, "", f"ldnews: {url}: HTTP 404 Not Found\n"))
        url = SERVER.base + "/file/feeds/empty.xml"
        self.assertEqual(run("--no-cache", "--show", "3", "--full", "--json", self.feed),
                         (3, "", f"ldnews: {url}: the page holds no article\n"))
        rc, out, err = run("--list", "--full", self.feed)
        self.assertEqual((rc, out, err), (2, "", "ldnews: --full needs --show\n"))

    def test_web_feed_names_no_local_file(self):
        # A feed from the web cannot make ldnews read a file as its page...
        rc, out, err = run("--no-cache", "--show", "1", "--full",
                           SERVER.base + "/file/feeds/page-file-link.xml")
        self.assertEqual((rc, out), (3, ""))
        self.assertEqual(err, "ldnews: file:///etc/hostname: not a web page (http or https)\n")
        # ...a local feed may.
        feed = os.path.join(self.dir, "local.xml")
        with open(feed, "w") as f:
            f.write('<rss version="2.0"><channel><title>L</title><item><title>T</title>'
                    f'<link>file://{PAGES}/london-daily.html</link><guid>l1</guid></item>'
                    '</channel></rss>')
        rc, out, err = run("--no-cache", "--show", "1", "--full", "--json", feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(json.loads(out)["body_source"], "page")

    def test_cache_conditional_offline(self):
        db = self.cache("cond.db")
        before = SERVER.count(self.page)
        rc, first, err = run("--cache", db, "--show", "1", "--full", "--json", self.feed)
        self.assertEqual((rc, err), (0, ""))
        reqs = SERVER.requests(self.page)[before:]
        self.assertEqual(len(reqs), 1)
        self.assertNotIn("If-None-Match", reqs[0]["headers"])
        with sqlite3.connect(db) as c:
            self.assertEqual(c.execute("SELECT count(*), min(version) FROM pages").fetchone(),
                             (1, 1))
        # Again: a conditional GET, answered 304, and the same article.
        rc, again, err = run("--cache", db, "--show", "1", "--full", "--json", self.feed)
        self.assertEqual((rc, err, again), (0, "", first))
        reqs = SERVER.requests(self.page)[before:]
        self.assertEqual(len(reqs), 2)
        self.assertIn("If-None-Match", reqs[1]["headers"])
        # Offline: the cache's, no request.
        rc, off, err = run("--cache", db, "--offline", "--show", "1", "--full", "--json",
                           self.feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(json.loads(off)["body"], json.loads(first)["body"])
        self.assertEqual(SERVER.count(self.page) - before, 2)
        rc, out, err = run("--cache", db, "--offline", "--show", "2", "--full", self.feed)
        self.assertEqual((rc, out), (3, ""))
        self.assertIn("the page is not in the cache (--offline)", err)
        # An older extractor's copy is fetched whole again.
        with sqlite3.connect(db) as c:
            c.execute("UPDATE pages SET version = 0")
        rc, _, err = run("--cache", db, "--show", "1", "--full", "--json", self.feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertNotIn("If-None-Match", SERVER.requests(self.page)[-1]["headers"])
        with sqlite3.connect(db) as c:
            self.assertEqual(c.execute("SELECT version FROM pages").fetchone(), (1,))

    def test_a_page_that_fails_shows_the_cached_copy(self):
        # As a feed that cannot be read keeps its cached articles: the
        # page's copy in the cache is shown, the failure said on stderr.
        name = f"fullpage{os.getpid()}"
        SERVER.alias(name, self.page)
        link = SERVER.base + "/alias/" + name
        feed = os.path.join(self.dir, "alias-feed.xml")
        with open(feed, "w") as f:
            f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>LD</title>'
                    f"<item><title>Offices</title><link>{link}</link><guid>a1</guid>"
                    "<description>A standfirst only.</description></item></channel></rss>")
        db = self.cache("fails.db")
        rc, first, err = run("--cache", db, "--show", "1", "--full", feed)
        self.assertEqual((rc, err), (0, ""))
        SERVER.alias(name, "/status/503")
        rc, again, err = run("--cache", db, "--show", "1", "--full", feed)
        self.assertEqual((rc, again), (0, first))
        self.assertEqual(err, f"ldnews: {link}: HTTP 503 Service Unavailable; showing the copy "
                         "in the cache\n")
        # Never fetched: nothing to show, exit 3.
        rc, out, err = run("--no-cache", "--show", "1", "--full", feed)
        self.assertEqual((rc, out), (3, ""))
        self.assertIn(f"{link}: HTTP 503", err)

    def test_kiosk_keeps_pages_in_memory(self):
        db = self.cache("kiosk.db")
        self.assertEqual(run("--cache", db, "--list", self.feed)[0], 0)
        rc, out, err = run("--kiosk", "--cache", db, "--show", "1", "--full", self.feed)
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("Text: from the page", out)
        with sqlite3.connect(db) as c:
            self.assertEqual(c.execute("SELECT count(*) FROM pages").fetchone(), (0,))


if __name__ == "__main__":
    unittest.main(verbosity=2)
