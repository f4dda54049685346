#!/usr/bin/python3
"""Differential test: what ldnews reads in a feed against what feedparser reads.

    /usr/bin/python3 tests/differential/feedparser_diff.py [options] [FILE ...]

Every file of tests/data/corpus/ (or the FILEs given) is parsed by Python's
feedparser (Debian's python3-feedparser 6.0.10, which exists for
/usr/bin/python3 only) and by ldnews:

    ldnews --list --json --no-cache FILE

(with --with-cache, a fresh cache file per feed instead of --no-cache: the
cache merges articles by id, --no-cache does not), run with TZ=UTC,
LC_ALL=C.UTF-8, an empty temporary HOME, XDG_CONFIG_HOME and XDG_DATA_HOME,
and a time limit.  Nothing here needs the network: feedparser is handed the
bytes, never a name it could fetch, and ldnews gets a proxy that refuses
every connection.

Compared, per feed: the number of articles; ldnews's exit status ("status":
0 when it prints articles or when the reference found a feed without items,
else 3 with exactly one line on standard error, the issue's class 7); that
standard error holds at most one line ("stderr", class 12); the feed title
(ldnews's "feed" field).  Per article: title, link, date (as UTC instants
to the second), tags (as sets, case-sensitive) and author.  The summary is
compared for information only (-v prints its disagreements): feedparser
copies Atom content into the summary and ldnews renders HTML its own way.

Order.  ldnews has no document-order option: --list numbers articles newest
first, undated ones last, ties broken by feed address then article id (see
NUMBERING in ldnews(1)).  Sorting feedparser's entries by that rule would
tie the comparison of every field to the dates being right, so instead the
harness restores document order by pairing each ldnews article with a
feedparser entry: every pair is scored by what agrees (id 8, link 4,
title 2, date 1), the best pairs are taken first (ties: earlier in the
document with earlier in ldnews's list), and whatever is left unpaired is
paired in ldnews's own order (feedparser's leftovers sorted by ldnews's
rule).  Articles are then reported by their position in the document,
from 1.  When the counts differ, an entry left without a partner is
"missing" (it counts as a disagreement of every article field: a title
ldnews never shows is not a title it got right) and an ldnews article left
without one is "extra" (it counts against the count only).

Normalised, on both sides alike, because they are conventions and not
readings of the feed:
  - text: every white-space character (Unicode's, so VT, FF and NEL too)
    becomes a space, then ldnews's output sanitizer is applied (control
    characters, escape sequences and bidi overrides removed, as ldnews(1)
    SECURITY says of all its output), the noncharacters U+FFFE/U+FFFF are
    dropped, runs of spaces fold to one, ends are trimmed;
  - feedparser's text/html and xhtml titles (it keeps titles as sanitized
    HTML) become plain text: tags dropped, references decoded, <br> and
    block elements read as a space -- ldnews's titles are plain text;
  - the expected date is feedparser's published, else updated, else created;
  - the expected author is feedparser's author_detail name (else author);
    an Atom entry without one inherits the feed's, as RFC 4287 says and
    ldnews does;
  - tags: term, else label, trimmed; empty ones dropped.

Known differences (tests/differential/known-differences.txt) are lines
`FILE FIELD INDEX reason`: FIELD is a field name or *, INDEX the article's
position in the document (from 1), * for all, - for feed-level fields.  They
are left out of the failing counts and listed apart; entries that match
nothing are reported as stale.

JSON Feed: feedparser 6.0.10 does not read it.  JSON files (first byte that
is not blank or a BOM is '{') are compared against the JSON Feed 1.0/1.1
spec read with the json module instead, and tallied apart: their
zero-entry feeds, status and stderr count for --check, their field
percentages do not.

--check exits 1 unless: no feed the reference reads with entries gives no
article in ldnews; agreement on count >= 99%, title and link >= 99.5%,
date >= 98%, tags >= 97% (feedparser feeds); status and one-line stderr
100% (all feeds).

Exit status: 0, or 1 when --check fails, 2 when it cannot run.
"""
from __future__ import annotations

import argparse
import calendar
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = REPO / "tests" / "data" / "corpus"
KNOWN_FILE = HERE / "known-differences.txt"

ARTICLE_FIELDS = ("title", "link", "date", "tags", "author")
INFO_FIELDS = ("summary",)
ALL_FIELDS = ("count", "title", "link", "date", "tags", "author", "feed_title",
              "status", "stderr", "summary")
TARGETS = {"count": 99.0, "title": 99.5, "link": 99.5, "date": 98.0, "tags": 97.0}
STATUS_TARGETS = {"status": 100.0, "stderr": 100.0}

# File-name prefixes of the corpus and the class of the issue they test.
CLASS_PREFIXES = (("ws-", "1"), ("badutf8-", "2"), ("ctl-", "3"), ("ent-", "4"),
                  ("ns-", "5"), ("doctype-", "6"), ("err-", "7"), ("esc-", "8"),
                  ("atom03-", "9"), ("atom-", "9"), ("fb-", "10"), ("dup-", "11"),
                  ("msg-", "12"), ("empty-", "13"), ("gen-", "gen"), ("lang-", "lang"),
                  ("enc-", "enc"))


def class_of(name: str) -> str:
    return next((c for p, c in CLASS_PREFIXES if name.startswith(p)), "other")


# ---------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------

def sanitize_like_ldnews(s: str) -> str:
    """ldnews's output sanitizer (src/text.c, ldnews(1) SECURITY) in Python:
    escape sequences, C0 (but tab and newline), DEL, C1 and bidi overrides go.
    Applied to feedparser's values so that only readings are compared."""
    out, state = [], "text"
    for ch in s:
        state, eaten = _escape_step(state, ord(ch))
        if eaten:
            continue
        cp = ord(ch)
        if cp == 0x1B:
            state = "esc"
        elif cp == 0x9B:
            state = "csi"
        elif cp in (0x90, 0x98, 0x9D, 0x9E, 0x9F):
            state = "string"            # C1 DCS, SOS, OSC, PM, APC
        elif _printable(cp) or ch in "\t\n":
            out.append(ch)
    return "".join(out)


def _escape_step(state: str, cp: int) -> tuple[str, bool]:
    """One code point through the escape-sequence scanner: (state, eaten)."""
    if state == "esc":
        if cp == 0x5B:                  # '['
            return "csi", True
        if chr(cp) in "]PX^_":
            return "string", True
        if 0x20 <= cp <= 0x2F:          # intermediate bytes: ESC ( B
            return "esc", True
        return "text", 0x30 <= cp <= 0x7E
    if state == "csi":
        if 0x20 <= cp <= 0x3F:
            return "csi", True
        return "text", 0x40 <= cp <= 0x7E
    if state == "string":
        if cp in (0x07, 0x9C):
            return "text", True
        return ("string-esc" if cp == 0x1B else "string"), True
    if state == "string-esc":
        if cp == 0x5C:                  # ESC \ ends the string
            return "text", True
        return _escape_step("esc", cp)
    return "text", False


def _printable(cp: int) -> bool:
    return not (cp < 0x20 or 0x7F <= cp <= 0x9F or 0x202A <= cp <= 0x202E
                or 0x2066 <= cp <= 0x2069)


_SPACE = re.compile(r"[\s\x85]+")          # \s is Unicode's: VT, FF, NBSP...
_NONCHAR = re.compile("[\ufffe\uffff]")


def norm_text(s: str | None) -> str:
    """The form two strings are compared in (see the module docstring)."""
    if not s:
        return ""
    s = _SPACE.sub(" ", s)
    s = _NONCHAR.sub("", sanitize_like_ldnews(s))
    return _SPACE.sub(" ", s).strip()


class _HTMLText(html.parser.HTMLParser):
    """Text of an HTML fragment, as one line: tags dropped, references
    decoded, line breaks and blocks read as spaces, scripts ignored."""

    BLOCKS = {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "hr",
              "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    p = _HTMLText()
    p.feed(fragment)
    p.close()
    return "".join(p.parts)


def detail_text(value: str | None, detail) -> str | None:
    """feedparser's value of a text construct, as plain text."""
    if value is None:
        return None
    kind = (detail or {}).get("type", "text/plain")
    return html_to_text(value) if "html" in kind else value


# ---------------------------------------------------------------------------
# Readings: what one parser found in one file
# ---------------------------------------------------------------------------

@dataclass
class Article:
    title: str
    link: str | None
    date: int | None            # POSIX seconds, UTC
    tags: frozenset[str]
    author: str | None
    id: str | None
    summary: str | None


@dataclass
class Reading:
    articles: list[Article]
    feed_title: str | None = None
    recognised: bool = False    # a feed (not an error) was found
    error: str | None = None    # why not, or what went wrong on the way


@dataclass
class LdnewsRun(Reading):
    status: int | None = None   # None: killed by the time limit
    stderr: list[str] = field(default_factory=list)


def tag_set(values) -> frozenset[str]:
    return frozenset(t for t in (norm_text(v) for v in values) if t)


def fp_date(entry) -> int | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return calendar.timegm(st)
    return None


def fp_author(entry, feed, atom: bool) -> str | None:
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author")
    if not name and atom:
        name = (feed.get("author_detail") or {}).get("name") or feed.get("author")
    return name


def fp_summary(entry) -> str | None:
    """The summary feedparser read from a summary or description element:
    when it only copied the content there, there is nothing to compare."""
    value = entry.get("summary")
    contents = entry.get("content") or []
    if value is None or any(c.get("value") == value for c in contents):
        return None
    return detail_text(value, entry.get("summary_detail"))


def read_feedparser(data: bytes, feedparser) -> Reading:
    # A stream, never a string: a string may be fetched as a URL.
    d = feedparser.parse(io.BytesIO(data))
    atom = d.get("version", "").startswith("atom")
    arts = [Article(title=norm_text(detail_text(e.get("title"), e.get("title_detail"))),
                    link=(e.get("link") or "").strip() or None,
                    date=fp_date(e),
                    tags=tag_set(t.get("term") or t.get("label") for t in e.get("tags", [])),
                    author=norm_text(fp_author(e, d.feed, atom)) or None,
                    id=(e.get("id") or "").strip() or None,
                    summary=fp_summary(e))
            for e in d.entries]
    title = d.feed.get("title")
    exc = d.get("bozo_exception")
    return Reading(arts, norm_text(detail_text(title, d.feed.get("title_detail"))) if title else None,
                   recognised=bool(d.get("version")) and not d.get("bozo"),
                   error=f"{type(exc).__name__}: {exc}" if exc else None)


def is_json(data: bytes) -> bool:
    head = data.lstrip(b" \t\r\n")
    head = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    return head.lstrip(b" \t\r\n")[:1] == b"{"


def rfc3339(s) -> int | None:
    try:
        dt = datetime.fromisoformat(str(s).replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp())


def json_author(obj: dict) -> str | None:
    people = obj.get("authors") or ([obj["author"]] if isinstance(obj.get("author"), dict) else [])
    names = [p.get("name") for p in people if isinstance(p, dict) and p.get("name")]
    return names[0] if names else None


def read_jsonfeed(data: bytes) -> Reading:
    """JSON Feed 1.0/1.1 read by the spec: the reference where feedparser
    has none."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        return Reading([], error=f"not JSON: {e}")
    if not (isinstance(doc, dict) and str(doc.get("version", "")).startswith("https://jsonfeed.org/version/")
            and isinstance(doc.get("items"), list)):
        return Reading([], error="not a JSON Feed")
    feed_author = json_author(doc)
    arts = []
    for it in doc["items"]:
        if not isinstance(it, dict):
            continue
        date = it.get("date_published") or it.get("date_modified")
        arts.append(Article(title=norm_text(it.get("title")), link=it.get("url"),
                            date=rfc3339(date) if date else None,
                            tags=tag_set(t for t in it.get("tags", []) if isinstance(t, str)),
                            author=norm_text(json_author(it) or feed_author) or None,
                            id=str(it["id"]) if "id" in it else None,
                            summary=it.get("summary")))
    return Reading(arts, norm_text(doc.get("title")), recognised=True)


# A proxy nothing listens on: should a file make ldnews fetch (an HTML page
# naming its feed does), the fetch fails at once instead of going out.
NO_NETWORK = "http://127.0.0.1:9"


def ldnews_env(home: Path) -> dict[str, str]:
    """A clean environment: nothing of the user's config, cache or locale."""
    for sub in ("config", "data"):
        (home / sub).mkdir(exist_ok=True)
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "TZ": "UTC", "LC_ALL": "C.UTF-8", "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "http_proxy": NO_NETWORK,
            "https_proxy": NO_NETWORK, "all_proxy": NO_NETWORK}


def ldnews_args(binary: str, path: Path, cache: Path | None) -> list[str]:
    """--no-cache, or a fresh cache file: the store merges articles by id,
    which --no-cache never does (the issue's class 11 shows only there)."""
    keep = ["--no-cache"] if cache is None else ["--cache", str(cache)]
    return [binary, "--list", "--json", *keep, str(path)]


def read_ldnews(binary: str, path: Path, env: dict[str, str], timeout: float,
                cache: Path | None = None) -> LdnewsRun:
    try:
        proc = subprocess.run(ldnews_args(binary, path, cache),
                              capture_output=True, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return LdnewsRun([], error=f"timed out after {timeout:g} s", status=None)
    stderr = [ln for ln in proc.stderr.decode("utf-8", "replace").split("\n") if ln.strip()]
    arts, feed_title, bad = [], None, None
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            bad = f"not JSON on stdout: {line[:80]!r}"
            continue
        feed_title = obj.get("feed")
        arts.append(Article(title=norm_text(obj.get("title")), link=obj.get("link") or None,
                            date=rfc3339(obj["published"]) if obj.get("published") else None,
                            tags=tag_set(obj.get("tags") or []),
                            author=norm_text(obj.get("author")) or None,
                            id=obj.get("id"), summary=obj.get("summary")))
    return LdnewsRun(arts, norm_text(feed_title) if feed_title else None, recognised=bool(arts),
                     error=bad, status=proc.returncode, stderr=stderr)


# ---------------------------------------------------------------------------
# Alignment and comparison
# ---------------------------------------------------------------------------

def pair_score(a: Article, b: Article) -> int:
    return (8 * (a.id is not None and a.id == b.id) + 4 * (a.link is not None and a.link == b.link)
            + 2 * (a.title != "" and a.title == b.title) + (a.date is not None and a.date == b.date))


def view_key(pos: int, a: Article):
    """ldnews's numbering rule: newest first, undated last."""
    return (a.date is None, -(a.date or 0), a.id or "", pos)


def align(ref: list[Article], got: list[Article]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (reference index, ldnews index), then the unpaired of each side."""
    scored = sorted((-s, i, j) for i, a in enumerate(ref) for j, b in enumerate(got)
                    if (s := pair_score(a, b)) > 0)
    pairs, used_r, used_g = [], set(), set()
    for _, i, j in scored:
        if i not in used_r and j not in used_g:
            pairs.append((i, j))
            used_r.add(i)
            used_g.add(j)
    rest_r = sorted((i for i in range(len(ref)) if i not in used_r), key=lambda i: view_key(i, ref[i]))
    rest_g = [j for j in range(len(got)) if j not in used_g]
    pairs += list(zip(rest_r, rest_g))
    missing = rest_r[len(rest_g):]
    extra = rest_g[len(rest_r):]
    return sorted(pairs), sorted(missing), extra


def plain(fieldname: str, value):
    """A value as the reports give it: dates in RFC 3339, tag sets sorted."""
    if fieldname == "date" and isinstance(value, int):
        return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def field_value(a: Article, name: str):
    v = getattr(a, name)
    if name == "summary":
        return norm_text(v) or None
    return v if v != "" else None


MISSING = "(missing)"        # ldnews's value of an entry it did not read


@dataclass
class Disagreement:
    file: str
    index: int | None           # position in the document, from 1; None: feed level
    field: str
    ldnews: object
    reference: object
    known: str | None = None    # the reason, when listed in known-differences
    source: str = "feedparser"  # what the reference value comes from

    def line(self) -> str:
        where = f"#{self.index}" if self.index is not None else "-"
        # JSON strings, so that odd characters and null show as what they are
        return (f"{self.file} {where} {self.field}: ldnews {json.dumps(self.ldnews, ensure_ascii=False)}"
                f" | {self.source} {json.dumps(self.reference, ensure_ascii=False)}")


@dataclass
class FeedResult:
    file: str
    cls: str
    reference: str              # "feedparser" or "jsonfeed"
    ref_count: int
    ld_count: int
    status: int | None
    stderr: list[str]
    ref_error: str | None
    ref_empty_feed: bool        # the reference found a feed without items
    tally: dict[str, list[int]] = field(default_factory=dict)   # field: [agree, compared, known]
    diffs: list[Disagreement] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    extra: int = 0


class Known:
    """known-differences.txt: FILE FIELD INDEX reason."""

    def __init__(self, path: Path) -> None:
        self.rules: list[tuple[str, str, str, str, int]] = []
        self.used: set[int] = set()
        if not path.is_file():
            return
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.split(None, 3)
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) < 4:
                die(f"{path}:{n}: want FILE FIELD INDEX reason")
            self.rules.append((parts[0], parts[1], parts[2], parts[3], n))

    def reason(self, file: str, fieldname: str, index: int | None) -> str | None:
        where = "-" if index is None else str(index)
        for k, (f, fld, idx, why, _) in enumerate(self.rules):
            if f == file and fld in (fieldname, "*") and idx in (where, "*"):
                self.used.add(k)
                return why
        return None

    def stale(self, compared: set[str]) -> list[str]:
        """Lines about a file that was compared but matching nothing in it."""
        return [f"{KNOWN_FILE.name}:{n}: {f} {fld} {idx} matched nothing"
                for k, (f, fld, idx, _, n) in enumerate(self.rules)
                if k not in self.used and f in compared]


def record(res: FeedResult, known: Known, fieldname: str, index: int | None,
           agree: bool, ld, ref) -> None:
    counts = res.tally.setdefault(fieldname, [0, 0, 0])
    if agree:
        counts[0] += 1
        counts[1] += 1
        return
    why = known.reason(res.file, fieldname, index)
    if why is None:
        counts[1] += 1
    else:
        counts[2] += 1
    res.diffs.append(Disagreement(res.file, index, fieldname, plain(fieldname, ld),
                                  plain(fieldname, ref), why, res.reference))


def status_ok(res: FeedResult) -> bool:
    """Exit 0 with articles, or for a feed with no item; otherwise 3 and one
    line naming the cause (the issue's class 7)."""
    if res.ld_count > 0 or res.ref_empty_feed:
        return res.status == 0
    return res.status == 3 and len(res.stderr) == 1


def compare(file: str, ref: Reading, ref_name: str, got: LdnewsRun, known: Known) -> FeedResult:
    res = FeedResult(file, class_of(file), ref_name, len(ref.articles), len(got.articles),
                     got.status, got.stderr, ref.error, ref.recognised and not ref.articles)
    compare_feed(res, ref, got, known)
    compare_articles(res, ref.articles, got.articles, known)
    return res


def compare_feed(res: FeedResult, ref: Reading, got: LdnewsRun, known: Known) -> None:
    expected_status = 0 if res.ld_count or res.ref_empty_feed else "3 and one line"
    record(res, known, "count", None, res.ref_count == res.ld_count, res.ld_count, res.ref_count)
    record(res, known, "status", None, status_ok(res), got.status, expected_status)
    record(res, known, "stderr", None, len(got.stderr) <= 1, " / ".join(got.stderr), "at most one line")
    if got.articles and ref.feed_title:
        record(res, known, "feed_title", None, got.feed_title == ref.feed_title,
               got.feed_title, ref.feed_title)


def compare_articles(res: FeedResult, ref: list[Article], got: list[Article], known: Known) -> None:
    pairs, res.missing, extra = align(ref, got)
    res.extra = len(extra)
    for i, j in pairs:
        for name in ARTICLE_FIELDS + INFO_FIELDS:
            if name == "summary" and ref[i].summary is None:
                continue
            va, vb = field_value(got[j], name), field_value(ref[i], name)
            record(res, known, name, i + 1, va == vb, va, vb)
    for i in res.missing:
        for name in ARTICLE_FIELDS:
            record(res, known, name, i + 1, False, MISSING, field_value(ref[i], name))


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def totals(results: list[FeedResult]) -> dict[str, list[int]]:
    out = {f: [0, 0, 0] for f in ALL_FIELDS}
    for r in results:
        for f, (a, c, k) in r.tally.items():
            out[f][0] += a
            out[f][1] += c
            out[f][2] += k
    return out


def pct(agree: int, compared: int) -> float:
    return 100.0 * agree / compared if compared else 100.0


def print_table(title: str, tot: dict[str, list[int]], out) -> None:
    print(f"\n{title}", file=out)
    print(f"  {'field':<11} {'agree/compared':>15} {'%':>7} {'known':>6}  target", file=out)
    for f in ALL_FIELDS:
        a, c, k = tot[f]
        target = TARGETS.get(f) or STATUS_TARGETS.get(f)
        note = f">= {target:g}%" if target else ("information" if f in INFO_FIELDS else "-")
        print(f"  {f:<11} {f'{a}/{c}':>15} {pct(a, c):>6.1f}% {k:>6}  {note}", file=out)


def zero_feeds(results: list[FeedResult]) -> list[FeedResult]:
    return [r for r in results if r.ref_count > 0 and r.ld_count == 0]


def class_summary(results: list[FeedResult], out) -> None:
    print("\nBy class (files, files with a disagreement, files where ldnews reads nothing "
          "of a feed with entries):", file=out)
    classes: dict[str, list[FeedResult]] = {}
    for r in results:
        classes.setdefault(r.cls, []).append(r)
    for cls in sorted(classes, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c)):
        rs = classes[cls]
        bad = sum(any(d.known is None and d.field not in INFO_FIELDS for d in r.diffs) for r in rs)
        zero = len(zero_feeds(rs))
        print(f"  class {cls:<5} {len(rs):>4} files  {bad:>4} disagreeing  {zero:>4} read as nothing", file=out)


def print_report(results: list[FeedResult], known: Known, verbose: bool, out) -> None:
    print("\nDisagreements (file #position field: ldnews value | reference value), by class:", file=out)
    for r in sorted(results, key=lambda r: (class_of_order(r.cls), r.file)):
        for line in feed_lines(r, verbose):
            print(line, file=out)
    knowns = [d for r in results for d in r.diffs if d.known is not None]
    if knowns:
        print(f"\nKnown differences ({len(knowns)}, not failing):", file=out)
        for d in knowns:
            print(f"KNOWN {d.line()}  -- {d.known}", file=out)
    for s in known.stale({r.file for r in results}):
        print(f"STALE {s}", file=out)


def feed_lines(r: FeedResult, verbose: bool) -> list[str]:
    """One feed's part of the report: a ZERO line when ldnews read nothing of
    a feed with entries, a MISS line per entry it did not read, then the
    other disagreements."""
    tag = f"[{r.cls}] {r.file}"
    diffs = [d for d in r.diffs if d.known is None and (verbose or d.field not in INFO_FIELDS)]
    lines = []
    if r.ref_count and not r.ld_count:
        lines.append(f"ZERO  {tag}: {r.reference} {r.ref_count} entries, ldnews none, exit {r.status}: "
                     + (" / ".join(r.stderr) or "(nothing on stderr)"))
        diffs = [d for d in diffs if d.field in ("status", "stderr")]
    else:
        for i in r.missing:
            ref_title = next((d.reference for d in diffs if d.index == i + 1 and d.field == "title"), None)
            if any(d.index == i + 1 for d in diffs):
                lines.append(f"MISS  {tag} #{i + 1}: not read by ldnews ({r.reference}'s title "
                             f"{json.dumps(ref_title, ensure_ascii=False)})")
        diffs = [d for d in diffs if d.ldnews != MISSING]
    lines += [f"DIFF  [{r.cls}] {d.line()}" for d in diffs]
    if verbose and not lines:
        lines.append(f"OK    {tag}: {r.ld_count} articles")
    return lines


def class_of_order(cls: str):
    return (not cls.isdigit(), int(cls) if cls.isdigit() else 0, cls)


def check(results: list[FeedResult]) -> list[str]:
    zeros = zero_feeds(results)
    fails = [f"{len(zeros)} feeds with entries read as nothing (the ZERO lines)"] if zeros else []
    fp = totals([r for r in results if r.reference == "feedparser"])
    every = totals(results)
    for f, target in TARGETS.items():
        if pct(*fp[f][:2]) < target:
            fails.append(f"{f}: {pct(*fp[f][:2]):.1f}% < {target:g}%")
    for f, target in STATUS_TARGETS.items():
        if pct(*every[f][:2]) < target:
            fails.append(f"{f}: {pct(*every[f][:2]):.1f}% < {target:g}%")
    return fails


def json_report(results: list[FeedResult], known: Known, fails: list[str], meta: dict) -> dict:
    def fields(tot):
        return {f: {"agree": a, "compared": c, "known": k, "percent": round(pct(a, c), 2),
                    "target": TARGETS.get(f) or STATUS_TARGETS.get(f)} for f, (a, c, k) in tot.items()}
    return {**meta,
            "fields": fields(totals([r for r in results if r.reference == "feedparser"])),
            "fields_jsonfeed": fields(totals([r for r in results if r.reference == "jsonfeed"])),
            "zero_entry_feeds": [{"file": r.file, "class": r.cls, "reference_count": r.ref_count,
                                  "exit": r.status, "stderr": r.stderr} for r in zero_feeds(results)],
            "feeds": [{"file": r.file, "class": r.cls, "reference": r.reference,
                       "reference_count": r.ref_count, "ldnews_count": r.ld_count, "exit": r.status,
                       "stderr": r.stderr, "reference_error": r.ref_error, "missing": r.missing,
                       "extra": r.extra, "tally": r.tally,
                       "disagreements": [{"index": d.index, "field": d.field, "ldnews": d.ldnews,
                                          "reference": d.reference, "known": d.known} for d in r.diffs]}
                      for r in results],
            "stale_known_differences": known.stale({r.file for r in results}),
            "check": {"passed": not fails, "failures": fails}}


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def die(message: str):
    """Cannot run at all: exit status 2, so that --check's 1 means 'targets'."""
    print(f"feedparser_diff: {message}", file=sys.stderr)
    sys.exit(2)


def find_ldnews(arg: str | None) -> str:
    candidates = [arg, os.environ.get("LDNEWS"), str(REPO / "build" / "ldnews"), shutil.which("ldnews")]
    for c in candidates:
        if c and os.access(c, os.X_OK) and Path(c).is_file():
            return str(Path(c).resolve())
    die("no ldnews binary: give --ldnews PATH or set LDNEWS")


def import_feedparser():
    try:
        import feedparser
    except ImportError as e:
        die(f"cannot import feedparser with {sys.executable} ({e}).\n"
            "  It is Debian's python3-feedparser, installed for /usr/bin/python3 only:\n"
            "  run this script as /usr/bin/python3 tests/differential/feedparser_diff.py")
    # feedparser guesses a feed's encoding with chardet when that happens to
    # be installed (python3-readability, for the extraction harness, pulls
    # it in), and then reads bytes that are not UTF-8 as whatever chardet
    # says (MacRoman, say) instead of its own fallbacks, UTF-8 then
    # windows-1252. The reference must not change with what else is
    # installed: its fallbacks only.
    import feedparser.encodings
    feedparser.encodings.lazy_chardet_encoding = None
    return feedparser


def corpus_files(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    files = sorted(p for p in CORPUS.iterdir()
                   if p.is_file() and p.suffix in (".xml", ".json"))
    if not files:
        die(f"no feed files in {CORPUS}")
    return files


def run(files: list[Path], binary: str, feedparser, known: Known, timeout: float,
        with_cache: bool) -> list[FeedResult]:
    results = []
    with tempfile.TemporaryDirectory(prefix="ldnews-diff-") as tmp:
        env = ldnews_env(Path(tmp))
        for n, path in enumerate(files):
            data = path.read_bytes()
            ref, name = read_feedparser(data, feedparser), "feedparser"
            if is_json(data) and not ref.articles and not ref.recognised:
                ref, name = read_jsonfeed(data), "jsonfeed"
            cache = Path(tmp) / f"cache-{n}.db" if with_cache else None
            got = read_ldnews(binary, path, env, timeout, cache)
            results.append(compare(path.name, ref, name, got, known))
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description="Compare ldnews's reading of feeds with feedparser's.")
    ap.add_argument("files", nargs="*", help="feeds to compare (default: every file of tests/data/corpus)")
    ap.add_argument("--ldnews", help="the ldnews binary (default: $LDNEWS, build/ldnews, then PATH)")
    ap.add_argument("--json", metavar="OUT", help="also write a machine-readable report to OUT")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the targets are met")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds ldnews may take per feed")
    ap.add_argument("--with-cache", action="store_true",
                    help="run ldnews with a fresh cache file per feed instead of --no-cache")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print agreeing feeds and informational (summary) differences")
    args = ap.parse_args()

    feedparser = import_feedparser()
    binary = find_ldnews(args.ldnews)
    known = Known(KNOWN_FILE)
    results = run(corpus_files(args.files), binary, feedparser, known, args.timeout, args.with_cache)
    out = sys.stdout
    mode = "a fresh cache per feed" if args.with_cache else "--no-cache"
    print(f"ldnews {binary} ({mode}); feedparser {feedparser.__version__}; {len(results)} files", file=out)
    print_report(results, known, args.verbose, out)
    zeros = zero_feeds(results)
    print(f"\nFeeds with entries that ldnews reads as nothing: {len(zeros)}", file=out)
    class_summary(results, out)
    print_table("Agreement with feedparser (RSS, Atom):",
                totals([r for r in results if r.reference == "feedparser"]), out)
    print_table("Agreement with the JSON Feed spec (feedparser 6.0.10 reads no JSON Feed):",
                totals([r for r in results if r.reference == "jsonfeed"]), out)
    fails = check(results)
    if args.json:
        meta = {"ldnews": binary, "mode": mode, "feedparser": feedparser.__version__, "files": len(results)}
        Path(args.json).write_text(json.dumps(json_report(results, known, fails, meta), indent=1,
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    if args.check:
        print("\n--check: " + ("targets met" if not fails else "targets NOT met:"), file=out)
        for f in fails:
            print(f"  {f}", file=out)
        return 1 if fails else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
