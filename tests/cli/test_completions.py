#!/usr/bin/env python3
"""The shell completions (completions/): bash driven through its completion
function, fish through `complete -C`, zsh through its list functions (the
zle widgets need a terminal) and a syntax check, and `meson install` putting
the three files where each shell looks.

Environment: LDNEWS = the binary (meson passes it); COMPLETIONS = the
completions/ directory; MESON and BUILD_ROOT, for the install test. Each
test has its own config and data directories, a fixture feed of its own and
the loopback test server (never the network): a completion must never fetch
and never write the cache, and the server's log and the cache's bytes say so.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "support"))
from ldntest import DATA, LDNEWS, ROOT, TestServer, loopback_env  # noqa: E402

COMPLETIONS = os.environ.get("COMPLETIONS", os.path.join(ROOT, "completions"))
BASH = os.path.join(COMPLETIONS, "ldnews.bash")
ZSH = os.path.join(COMPLETIONS, "_ldnews")
FISH = os.path.join(COMPLETIONS, "ldnews.fish")

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Fixture</title><link>http://example.com/</link>
<item><title>One</title><link>http://example.com/1</link>
<category>Politics</category><category>Arts &amp; Culture</category>
<pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>http://example.com/2</link>
<category>Sport</category><category>say "hi"</category>
<pubDate>Mon, 01 Jan 2024 11:00:00 GMT</pubDate></item>
</channel></rss>
"""
FIXTURE_TAGS = {"Politics", "Arts & Culture", "Sport", 'say "hi"'}

# The bash side: COMP_WORDS as bash would split the line (at blanks, ':'
# and '='), the cursor on the last word; COMPREPLY printed NUL-separated.
BASH_DRIVER = r"""
source "$1" || exit 9
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_ldnews "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
((${#COMPREPLY[@]} == 0)) || printf '%s\0' "${COMPREPLY[@]}"
"""


def help_options():
    """Every option `ldnews --help` names, short and long."""
    out = subprocess.run([LDNEWS, "--help"], capture_output=True, text=True, check=True).stdout
    opts = set()
    for line in out.splitlines():
        m = re.match(r"\s+((?:-\w, )?--[\w-]+)", line)
        if m:
            opts.update(o.strip() for o in m.group(1).split(","))
    return opts


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Completions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = TestServer(DATA, max_seconds=300)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ldnews-compl-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.feed = os.path.join(self.dir, "fixture.xml")
        with open(self.feed, "w") as f:
            f.write(FEED)
        # A served feed whose URL has a query with '&' (escaped in OPML).
        self.url = self.server.base + "/feeds/rss2.xml?a=1&b=2"
        self.config_home = os.path.join(self.dir, "config")
        self.data_home = os.path.join(self.dir, "data")
        os.makedirs(os.path.join(self.config_home, "ldnews"))
        with open(os.path.join(self.config_home, "ldnews", "config"), "w") as f:
            f.write(f"[feed]\nurl = {self.feed}\n[feed]\nurl = {self.url}\nname = Served\n")
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir)
        os.symlink(LDNEWS, os.path.join(bindir, "ldnews"))
        self.env = loopback_env(dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8",
                                     XDG_CONFIG_HOME=self.config_home,
                                     XDG_DATA_HOME=self.data_home,
                                     PATH=bindir + os.pathsep + os.environ.get("PATH", "")))
        self.cache = os.path.join(self.data_home, "ldnews", "cache.db")

    def fill_cache(self):
        """A real cache of the config's two feeds, and the tags it holds as
        ldnews itself prints them."""
        p = subprocess.run([LDNEWS, "--tags", "--json"], capture_output=True, text=True,
                           env=self.env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        tags = set(re.findall(r'^\{"tag":"((?:[^"\\]|\\.)*)","count":\d+\}$', p.stdout, re.M))
        tags = {re.sub(r'\\(["\\])', r"\1", t) for t in tags}
        self.assertTrue(FIXTURE_TAGS <= tags, tags)
        self.assertTrue(os.path.exists(self.cache))
        return tags

    def untouched(self, run):
        """run()'s result; it must neither fetch nor change the cache."""
        before = digest(self.cache) if os.path.exists(self.cache) else None
        asked = len(self.server.requests())
        result = run()
        self.assertEqual(len(self.server.requests()), asked, "a completion fetched")
        self.assertEqual(digest(self.cache) if os.path.exists(self.cache) else None, before,
                         "a completion changed the cache")
        return result

    def bash(self, *words):
        p = subprocess.run(["bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", BASH,
                            *words], capture_output=True, env=self.env, timeout=60)
        self.assertEqual((p.returncode, p.stderr), (0, b""))
        return sorted(p.stdout.decode().split("\0")[:-1])

    def test_bash_options_are_those_of_help(self):
        self.assertEqual(set(self.bash("ldnews", "-")), help_options())
        self.assertEqual(self.bash("ldnews", "--ta"), ["--tag", "--tags"])

    def test_bash_tags_from_the_cache(self):
        tags = self.fill_cache()
        got = self.untouched(lambda: self.bash("ldnews", "--tag", ""))
        quoted = {"Arts\\ \\&\\ Culture", 'say\\ \\"hi\\"'}
        self.assertEqual(set(got), (tags - {"Arts & Culture", 'say "hi"'}) | quoted)
        self.assertEqual(self.untouched(lambda: self.bash("ldnews", "-t", "Ar")),
                         ["Arts\\ \\&\\ Culture"])
        # --tag=S: bash split it at '='.
        self.assertEqual(self.untouched(lambda: self.bash("ldnews", "--tag", "=", "Sp")),
                         ["Sport"])

    def test_bash_tags_follow_cache_and_config_on_the_line(self):
        self.fill_cache()
        moved = os.path.join(self.dir, "elsewhere.db")
        os.rename(self.cache, moved)
        self.assertEqual(self.untouched(lambda: self.bash("ldnews", "--tag", "")), [])
        self.assertFalse(os.path.exists(self.cache), "a completion created the cache")
        got = self.bash("ldnews", "--cache", moved, "--tag", "Po")
        self.assertEqual(got, ["Politics"])
        got = self.bash("ldnews", "--cache", "=", moved, "-c", "/nonexistent", "--tag", "")
        self.assertEqual(got, [])

    def test_bash_feeds_from_the_config(self):
        got = self.untouched(lambda: self.bash("ldnews", "ht"))
        self.assertEqual(got, [self.url])
        # bash splits a URL at ':': the reply is what follows the colon.
        self.assertEqual(self.bash("ldnews", "http", ":", "//127"), [self.url[len("http:"):]])
        # --check-feed's argument is quoted by the completion itself.
        self.assertEqual(self.bash("ldnews", "--check-feed", "http", ":"),
                         [self.url[len("http:"):].replace("?", "\\?").replace("&", "\\&")])
        got = self.bash("ldnews", self.feed[:-4])
        self.assertEqual(got, [self.feed, self.feed], "the config's feed, and the file")
        other = os.path.join(self.dir, "other.conf")
        with open(other, "w") as f:
            f.write("[feed]\nurl = https://example.org/other.xml\n")
        self.assertEqual(self.bash("ldnews", "-c", other, "https", ":", "//"),
                         ["//example.org/other.xml"])

    def test_bash_arguments(self):
        self.assertEqual(self.bash("ldnews", "--cache", self.feed[:-4]), [self.feed])
        self.assertEqual(self.bash("ldnews", "--import-opml", self.feed[:-4]), [self.feed])
        for opt in ("--show", "-o", "--width", "--refresh", "--timeout", "--cycle",
                    "--idle-reset", "--find"):
            self.assertEqual(self.bash("ldnews", opt, ""), [], opt)

    def test_zsh(self):
        if shutil.which("zsh") is None:
            self.skipTest("zsh is not installed (scripts/bootstrap installs it)")
        p = subprocess.run(["zsh", "-n", ZSH], capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        # Every option of --help in the _arguments specs, and no other.
        p = subprocess.run(["zsh", "-f", "-c", '_arguments() { print -rl -- "$@" }; '
                            'source "$1"', "zsh", ZSH], capture_output=True, text=True)
        specs = re.findall(r"^(?:\([^)]*\))?\*?(-[\w-]+?)[+=]?\[", p.stdout, re.M)
        self.assertEqual(set(specs), help_options())
        self.fill_cache()
        # The list functions, called as _arguments would, compadd printing.
        script = r"""
            _arguments() { :; }
            source "$1" || exit 9
            compadd() { shift; print -rl -- ${(P)1} }
            words=(ldnews --tag ''); CURRENT=3
            print -- '-- tags'; _ldnews_tags
            words=(ldnews ''); CURRENT=2
            print -- '-- feeds'; _ldnews_feeds
            words=(ldnews -c "$2" ''); CURRENT=4
            print -- '-- other'; _ldnews_feeds
        """
        other = os.path.join(self.dir, "other.conf")
        with open(other, "w") as f:
            f.write("[feed]\nurl = https://example.org/a?b=1&c=2\n")
        p = self.untouched(lambda: subprocess.run(
            ["zsh", "-f", "-c", script, "zsh", ZSH, other], capture_output=True, text=True,
            env=self.env, timeout=60))
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        _, tags, feeds, others = re.split(r"^-- \w+\n", p.stdout, flags=re.M)
        self.assertTrue(FIXTURE_TAGS <= set(tags.splitlines()), tags)
        self.assertEqual(feeds.splitlines(), [self.feed, self.url])
        self.assertEqual(others.splitlines(), ["https://example.org/a?b=1&c=2"])

    def fish(self, line, env=None):
        p = subprocess.run([shutil.which("fish"), "--no-config", "-c",
                            f"source $argv[1]; complete -C '{line}'", FISH],
                           capture_output=True, text=True, env=env or self.env, timeout=60)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        return sorted(x.split("\t")[0] for x in p.stdout.splitlines())

    def test_fish(self):
        if shutil.which("fish") is None:
            self.skipTest("fish is not installed (scripts/bootstrap installs it)")
        p = subprocess.run(["fish", "--no-execute", FISH], capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        longs = {o for o in help_options() if o.startswith("--")}
        self.assertEqual(set(self.fish("ldnews --")), longs)
        tags = self.fill_cache()
        self.assertEqual(set(self.untouched(lambda: self.fish("ldnews --tag "))), tags)
        self.assertEqual(self.untouched(lambda: self.fish("ldnews --check-feed ")),
                         sorted([self.feed, self.url]))
        self.assertIn(self.url, self.fish("ldnews ht"))
        # No ldnews to ask: quiet, and nothing offered.
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty)
        self.assertEqual(self.fish("ldnews --tag ", dict(self.env, PATH=empty)), [])

    def test_meson_install(self):
        meson, build = os.environ.get("MESON"), os.environ.get("BUILD_ROOT")
        if not meson or not build:
            self.skipTest("MESON and BUILD_ROOT not set (meson test sets them)")
        dest = os.path.join(self.dir, "dest")
        p = subprocess.run([meson, "install", "-C", build, "--no-rebuild", "--quiet",
                            "--destdir", dest], capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        conf = subprocess.run([meson, "introspect", "--buildoptions", build],
                              capture_output=True, text=True, check=True).stdout
        opts = {o["name"]: o["value"] for o in json.loads(conf)}
        share = dest + os.path.join(opts["prefix"], opts["datadir"])
        for src, path in ((BASH, "bash-completion/completions/ldnews"),
                          (ZSH, "zsh/site-functions/_ldnews"),
                          (FISH, "fish/vendor_completions.d/ldnews.fish")):
            if opts["completions"]:
                self.assertEqual(digest(os.path.join(share, path)), digest(src), path)
            else:  # -Dcompletions=false
                self.assertFalse(os.path.exists(os.path.join(share, path)), path)


if __name__ == "__main__":
    unittest.main(verbosity=2)
