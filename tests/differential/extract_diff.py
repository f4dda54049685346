#!/usr/bin/python3
"""Differential check of the article extractor: ldnews against Debian's
python3-readability (readability-lxml), both scored against the text
written beside each page.

    /usr/bin/python3 tests/differential/extract_diff.py --tool EXTRACT_TOOL [--check] [-v] [NAME ...]

For every tests/data/pages/NAME.html (or the NAMEs given):
  - ldnews: `extract_tool --json --url https://pages.example/NAME.html`
    (tests/extract_tool.c): title, byline and the body as render_body()
    lines;
  - readability: Document(page bytes).summary(html_partial=True), the HTML
    it keeps rendered by the same renderer (`extract_tool --render`), so
    both texts are read alike; its title is short_title(); it finds no
    byline;
  - the reference: NAME.expected.txt (written from the article's own text
    by make_pages.py, never by an extractor) and NAME.meta.

Word-level F1: both texts lower-cased, link marks "[n]" and list markers
("1.", "\u2022") dropped, split into
words (\\w+; a word holding CJK characters counts each character as a word,
as Japanese has no spaces), compared as multisets: precision = shared /
extracted, recall = shared / expected. Title and byline: equal after
folding case and white space; an expected empty byline is right when none
is found.

--check fails (exit 1) when ldnews's median F1 is under 0.92, a page is
under 0.6 without a line `NAME reason` in extract-known.txt, or fewer than
90% of titles or bylines are right. Readability's figures are printed
beside ours, never checked.
"""
import argparse
import collections
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = os.path.join(HERE, "..", "data", "pages")
KNOWN = os.path.join(HERE, "extract-known.txt")

F1_MEDIAN = 0.92
F1_FLOOR = 0.6
META_RIGHT = 0.90

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words(text):
    text = re.sub(r"\[\d+\]", " ", text.lower())
    # list markers are the renderer's, not the article's words
    text = re.sub(r"(?m)^\s*(\d+\.|\u2022)\s+", "", text)
    out = []
    for w in re.findall(r"\w+", text):
        if CJK.search(w):
            out.extend(w)
        else:
            out.append(w)
    return out


def f1(got, want):
    g, w = collections.Counter(words(got)), collections.Counter(words(want))
    shared = sum((g & w).values())
    if shared == 0:
        return 0.0
    p, r = shared / sum(g.values()), shared / sum(w.values())
    return 2 * p * r / (p + r)


def fold(s):
    return " ".join((s or "").split()).casefold()


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition(": ")
            meta[k] = v
    return meta


def run_tool(tool, args):
    r = subprocess.run([tool] + args, capture_output=True, timeout=60,
                       env=dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC"))
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def ours(tool, name, path):
    rc, out, err = run_tool(tool, ["--json", "--url", f"https://pages.example/{name}.html", path])
    if rc != 0:
        return {"text": "", "title": None, "byline": None, "error": err.strip()}
    return json.loads(out)


def theirs(tool, path):
    try:
        from readability import Document
    except ImportError:
        return None
    with open(path, "rb") as f:
        raw = f.read()
    try:
        doc = Document(raw)
        frag, title = doc.summary(html_partial=True), doc.short_title()
    except Exception as e:  # readability raises on pages it cannot read
        return {"text": "", "title": None, "error": str(e)}
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as t:
        t.write(frag)
    try:
        rc, out, _ = run_tool(tool, ["--render", t.name])
    finally:
        os.unlink(t.name)
    return {"text": out if rc == 0 else "", "title": title}


def read_known():
    known = {}
    if os.path.exists(KNOWN):
        with open(KNOWN, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    name, _, why = line.partition(" ")
                    known[name] = why
    return known


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("-v", action="store_true", help="print the words each side misses")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()

    names = a.names or sorted(f[:-5] for f in os.listdir(PAGES) if f.endswith(".html"))
    known = read_known()
    rows = []
    have_rdb = True
    for name in names:
        path = os.path.join(PAGES, name + ".html")
        with open(os.path.join(PAGES, name + ".expected.txt"), encoding="utf-8") as f:
            want = f.read()
        meta = read_meta(os.path.join(PAGES, name + ".meta"))
        o = ours(a.tool, name, path)
        t = theirs(a.tool, path)
        have_rdb = have_rdb and t is not None
        row = {
            "name": name,
            "f1": f1(o.get("text") or "", want),
            "title": fold(o.get("title")) == fold(meta["title"]),
            "byline": fold(o.get("byline")) == fold(meta["byline"]),
            "rf1": f1(t["text"], want) if t else None,
            "rtitle": (fold(t["title"]) == fold(meta["title"])) if t else None,
            "error": o.get("error"),
        }
        rows.append(row)
        if a.v and (row["f1"] < 1 or not row["title"] or not row["byline"]):
            g, w = collections.Counter(words(o.get("text") or "")), collections.Counter(words(want))
            print(f"{name}: extra {sorted((g - w).elements())[:40]}")
            print(f"{name}: missing {sorted((w - g).elements())[:40]}")
            if not row["title"]:
                print(f"{name}: title {o.get('title')!r} want {meta['title']!r}")
            if not row["byline"]:
                print(f"{name}: byline {o.get('byline')!r} want {meta['byline']!r}")

    print(f"{'page':34} {'ldnews F1':>9} {'title':>5} {'byline':>6}   {'readability F1':>14} {'title':>5}")
    for r in rows:
        rf = f"{r['rf1']:.3f}" if r["rf1"] is not None else "n/a"
        rt = ("yes" if r["rtitle"] else "no") if r["rtitle"] is not None else "n/a"
        print(f"{r['name']:34} {r['f1']:9.3f} {'yes' if r['title'] else 'no':>5} "
              f"{'yes' if r['byline'] else 'no':>6}   {rf:>14} {rt:>5}"
              + (f"   ({r['error']})" if r["error"] else ""))
    n = len(rows)
    med = statistics.median(r["f1"] for r in rows)
    titles = sum(r["title"] for r in rows) / n
    bylines = sum(r["byline"] for r in rows) / n
    print(f"\n{n} pages. ldnews: median F1 {med:.3f}, mean {statistics.mean(r['f1'] for r in rows):.3f}, "
          f"min {min(r['f1'] for r in rows):.3f}; titles right {titles:.0%}, bylines right {bylines:.0%}")
    if have_rdb:
        rmed = statistics.median(r["rf1"] for r in rows)
        print(f"readability-lxml: median F1 {rmed:.3f}, mean {statistics.mean(r['rf1'] for r in rows):.3f}, "
              f"min {min(r['rf1'] for r in rows):.3f}; titles right "
              f"{sum(r['rtitle'] for r in rows) / n:.0%}, bylines: none found (it has no byline)")
    else:
        print("readability-lxml: not installed (python3-readability), not compared")

    if not a.check:
        return 0
    bad = []
    if med < F1_MEDIAN:
        bad.append(f"median F1 {med:.3f} < {F1_MEDIAN}")
    for r in rows:
        if r["f1"] < F1_FLOOR and r["name"] not in known:
            bad.append(f"{r['name']}: F1 {r['f1']:.3f} < {F1_FLOOR} and not in extract-known.txt")
    if titles < META_RIGHT:
        bad.append(f"titles right {titles:.0%} < {META_RIGHT:.0%}")
    if bylines < META_RIGHT:
        bad.append(f"bylines right {bylines:.0%} < {META_RIGHT:.0%}")
    for b in bad:
        print("FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
