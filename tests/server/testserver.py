#!/usr/bin/env python3
"""Loopback HTTP server for ldnews' network tests (standard library only).

It binds 127.0.0.1 on a free port, prints that port as its first stdout
line, and serves canned behaviour from --root (the repository's tests/data).
The same port is also bound on 127.0.0.2 .. 127.0.0.<--hosts> (all loopback
on Linux: distinct hosts for per-host connection limits) and on [::1] when
the machine has IPv6 loopback (/stats says whether it has).

  /file/<path>              the file, with Content-Type, a strong ETag and a
                            fixed Last-Modified; If-None-Match and
                            If-Modified-Since get a 304
  /gzip/<path>, /deflate/<path>
                            the same bytes compressed, with Content-Encoding
  /redirect/<n>/<path>      302 chain of n hops ending at /file/<path>
  /redirect-loop            302 to itself, forever
  /status/<code>            that status with a small HTML body
  /big/<bytes>              XML-looking body of that size, no Content-Length
  /gzip-bomb/<bytes>        small gzip body that decodes to <bytes> bytes
  /slow/<seconds>           status line and headers, then a stall (<= 30 s)
  /case/<name>              http/<name>.reply sent as is (head lines get CRLF)
  /moved/<code>/<target>    <code> (301, 308, 302, ...) to /<target> (and the
                            request's query)
  /stall/<seconds>          headers announcing 1000 bytes, then nothing for
                            <seconds> (<= 30), then close
  /endless-headers/<kind>   a 200 status line, then headers without end
                            (kind "many": 4 kB header lines; "long": one
                            header line that never ends), for <= 30 s or
                            until the client hangs up
  /drip/<rate>/<bytes>      a feed of <bytes> bytes sent <rate> bytes a second
  /short/<path>             the file with a Content-Length 1000 bytes larger,
                            then close (a body cut short)
  /retry/<code>/<value>     <code> (429, 503) with Retry-After: <value>, or
                            with value date<N>, an HTTP date N seconds ahead
  /cache/<seconds>/<path>   /file/<path> with Cache-Control: max-age=<seconds>
  /expires/<seconds>/<path> /file/<path> with Expires <seconds> after Date
  /plain/<path>             the file as text/plain (a wrong Content-Type)
  /charset/<cs>/<path>      the file as application/rss+xml; charset=<cs>
  /gen/<seed>/<items>       a generated RSS feed (ETag, 304); ?ms=N waits N ms
                            before the body
  /alias/<name>             answers as the path /control/alias/<name>?to=PATH
                            set last (404 before): one URL whose behaviour a
                            test changes between runs
  /feed, /rss, /rss.xml, /feed.xml, /atom.xml, /index.xml
                            the common feed paths of a site: on 127.0.0.2 a
                            site whose feed sits at one of them (/feed is
                            its home page, HTML with a 200, /rss.xml is
                            feeds/rss2.xml, the others 404); elsewhere 404
  /stats                    JSON: requests, connections open now and at most
                            ("max_busy": connections between accepting or
                            reading a request and the last byte of its reply,
                            counted so that it never exceeds what the client
                            really had open; "max_busy_host": the same per
                            listening address), ipv6, hosts; /stats/reset
                            starts the maxima again, not counting the
                            connections busy before it
Requests in absolute form (as a client sends them to a proxy) are served
like their path, and logged as sent.

Every request is appended to --log as one JSON line {method, path, headers}
before it is answered, so a client that has its reply can read its request.
The server never outlives --max-seconds, stops on SIGTERM/SIGINT, and with
--watch-stdin also when its stdin reaches EOF (its parent went away).
"""

import argparse
import email.utils
import errno
import gzip
import hashlib
import http.server
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import urllib.parse
import zlib

LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"
LAST_MODIFIED_TS = email.utils.parsedate_to_datetime(LAST_MODIFIED).timestamp()
CONTENT_TYPES = {
    ".xml": "application/rss+xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
CHUNK = 64 * 1024
MAX_STALL = 30
MAX_GENERATED = 1 << 30
BIG_PREFIX = b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
GEN_CACHE_MAX = 512
GEN_EPOCH = 1704067200  # 2024-01-01T00:00:00Z: generated dates count back from it
COMMON_FEED_PATHS = ("feed", "rss", "rss.xml", "feed.xml", "atom.xml", "index.xml")
SITE_HOST = "127.0.0.2"  # where the common feed paths lead somewhere


def gen_feed(seed, items):
    """A deterministic RSS 2.0 feed: the same seed and items give the same bytes."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
           "<title>Generated feed %d</title>\n<link>http://feeds.invalid/%d/</link>\n"
           "<description>Feed %d of the test server</description>\n" % (seed, seed, seed)]
    for i in range(items):
        when = GEN_EPOCH - i * 3600 - seed * 60
        out.append(
            "<item><title>Story %d of feed %d</title>"
            "<link>http://feeds.invalid/%d/%d</link><guid>gen-%d-%d</guid>"
            "<pubDate>%s</pubDate><category>T%d</category><category>Seed%d</category>"
            "<description>Standfirst of story %d: %s</description></item>\n"
            % (i, seed, seed, i, seed, i, email.utils.formatdate(when, usegmt=True),
               i % 5, seed % 7, i, "words " * 20))
    out.append("</channel></rss>\n")
    return "".join(out).encode()


class Stats:
    """Counters shared by every listener, behind one lock.

    Busy connections are kept by handler with the epoch they became busy
    in; /stats/reset starts a new epoch, so a connection left busy by an
    earlier client (a handler still sleeping in /slow for a client that
    gave up) is not counted against the next one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.open = self.max_open = 0
        self.epoch = 0
        self.busy = {}  # handler id -> (listening address, epoch)
        self.max_busy, self.max_busy_host = 0, {}

    def add(self, what, n):
        with self.lock:
            v = getattr(self, what) + n
            setattr(self, what, v)
            if what == "open" and v > self.max_open:
                self.max_open = v

    def set_busy(self, key, host, busy):
        with self.lock:
            if not busy:
                self.busy.pop(key, None)
                return
            self.busy[key] = (host, self.epoch)
            now = [h for h, e in self.busy.values() if e == self.epoch]
            self.max_busy = max(self.max_busy, len(now))
            n = now.count(host)
            if n > self.max_busy_host.get(host, 0):
                self.max_busy_host[host] = n

    def snapshot(self):
        with self.lock:
            return {"requests": self.requests, "open": self.open, "max_open": self.max_open,
                    "busy": sum(1 for _h, e in self.busy.values() if e == self.epoch),
                    "max_busy": self.max_busy, "max_busy_host": dict(self.max_busy_host)}

    def reset(self):
        with self.lock:
            self.epoch += 1
            self.max_open = self.open
            self.max_busy, self.max_busy_host = 0, {}


def generated_chunks(total):
    """Yields `total` bytes: an RSS/channel start, then whitespace padding."""
    head = BIG_PREFIX[:total]
    yield head
    left = total - len(head)
    pad = (b" " * 63 + b"\n") * (CHUNK // 64)
    while left > 0:
        n = min(left, len(pad))
        yield pad[:n]
        left -= n


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ldnews-testserver/1"

    # -- plumbing ---------------------------------------------------------

    def log_message(self, format, *args):  # noqa: A002 - base class name
        pass  # the JSON request log is the record; keep stderr quiet

    # A connection counts as busy from its accept, and again from each
    # request read, until just before the last byte of the reply: the
    # client cannot have closed it in between, so max_busy never counts
    # a connection the client no longer had.
    def setup(self):
        super().setup()
        self.busy = False
        self.server.stats.add("open", 1)
        self.set_busy(True)

    def finish(self):
        self.set_busy(False)
        self.server.stats.add("open", -1)
        super().finish()

    def set_busy(self, busy):
        if busy != self.busy:
            self.busy = busy
            self.server.stats.set_busy(id(self), self.server.server_address[0], busy)

    def write_last(self, data):
        """Writes the end of a reply; the connection is no longer busy."""
        self.set_busy(False)
        if data:
            self.wfile.write(data)

    def log_request_json(self):
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": dict(self.headers.items()),
        }
        with self.server.log_lock:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def reply(self, code, body=b"", headers=None, head_only=False):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if code not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.write_last(body if body and not head_only and code not in (204, 304) else b"")

    def reply_status(self, code):
        try:
            phrase = http.HTTPStatus(code).phrase
        except ValueError:
            phrase = "Status"
        body = ("<html><body><h1>%d %s</h1></body></html>\n" % (code, phrase)).encode()
        self.reply(code, body, {"Content-Type": "text/html; charset=utf-8"})

    def read_root_file(self, rel):
        """Bytes of rel under the root, or None (missing, outside, not a file)."""
        root = os.path.realpath(self.server.root)
        full = os.path.realpath(os.path.join(root, rel))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            return None, None
        with open(full, "rb") as f:
            return full, f.read()

    def do_GET(self):
        self.set_busy(True)
        self.server.stats.add("requests", 1)
        self.log_request_json()
        target = self.path
        # Absolute form: the client took us for its proxy.
        m = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://[^/]*(/.*)?$", target)
        if m is not None:
            target = m.group(1) or "/"
        path, _, query = target.partition("?")
        self.raw_query = query
        self.query = urllib.parse.parse_qs(query)
        try:
            self.route(path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up: expected

    def do_HEAD(self):
        self.do_GET()

    # -- routes -----------------------------------------------------------

    def route(self, path):
        parts = path.lstrip("/").split("/", 1)
        name, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        routes = {
            "file": self.r_file,
            "gzip": self.r_gzip,
            "deflate": self.r_deflate,
            "redirect": self.r_redirect,
            "redirect-loop": self.r_redirect_loop,
            "status": self.r_status,
            "big": self.r_big,
            "gzip-bomb": self.r_gzip_bomb,
            "slow": self.r_slow,
            "case": self.r_case,
            "moved": self.r_moved,
            "stall": self.r_stall,
            "drip": self.r_drip,
            "endless-headers": self.r_endless_headers,
            "short": self.r_short,
            "retry": self.r_retry,
            "cache": self.r_cache,
            "expires": self.r_expires,
            "plain": self.r_plain,
            "charset": self.r_charset,
            "gen": self.r_gen,
            "alias": self.r_alias,
            "control": self.r_control,
            "stats": self.r_stats,
        }
        fn = routes.get(name)
        if name in COMMON_FEED_PATHS and "/" not in path.lstrip("/"):
            self.r_common_path(name)
        elif fn is None:
            self.reply_status(404)
        else:
            fn(rest)

    def not_modified(self, etag):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            # RFC 9110 13.1.2: strong comparison is fine for GET; when
            # If-None-Match is present, If-Modified-Since is ignored.
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is not None:
            try:
                when = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return when >= LAST_MODIFIED_TS
        return False

    def r_file(self, rel, extra=None, content_type=None):
        full, data = self.read_root_file(rel)
        if data is None:
            self.reply_status(404)
            return
        ext = os.path.splitext(full)[1].lower()
        self.reply_validated(data, content_type or CONTENT_TYPES.get(ext, "application/octet-stream"),
                             extra)

    def reply_validated(self, data, content_type, extra=None):
        """200 with a strong ETag and Last-Modified, or 304 when the
        request's validators match; `extra` headers go with both."""
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        headers.update(extra or {})
        if self.not_modified(etag):
            self.reply(304, headers=headers)
        else:
            headers["Content-Type"] = content_type
            self.reply(200, data, headers, self.command == "HEAD")

    def r_compressed(self, rel, coding, compress):
        full, data = self.read_root_file(rel)
        if data is None:
            self.reply_status(404)
            return
        ext = os.path.splitext(full)[1].lower()
        self.reply(200, compress(data), {
            "Content-Type": CONTENT_TYPES.get(ext, "application/octet-stream"),
            "Content-Encoding": coding,
        }, self.command == "HEAD")

    def r_gzip(self, rel):
        self.r_compressed(rel, "gzip", gzip.compress)

    def r_deflate(self, rel):
        # HTTP's "deflate" is the zlib format (RFC 9110 8.4.1.2).
        self.r_compressed(rel, "deflate", zlib.compress)

    def r_redirect(self, rest):
        m = re.fullmatch(r"(\d+)/(.+)", rest)
        if m is None:
            self.reply_status(400)
            return
        n, rel = int(m.group(1)), m.group(2)
        target = "/redirect/%d/%s" % (n - 1, rel) if n > 1 else "/file/" + rel
        self.reply(302, b"moved\n", {"Location": target, "Content-Type": "text/plain"})

    def r_redirect_loop(self, _rest):
        self.reply(302, b"again\n", {"Location": "/redirect-loop", "Content-Type": "text/plain"})

    def r_status(self, rest):
        if not re.fullmatch(r"\d{3}", rest) or not 200 <= int(rest) <= 599:
            self.reply_status(400)
            return
        self.reply_status(int(rest))

    def number(self, rest, limit):
        if not re.fullmatch(r"\d{1,12}", rest) or int(rest) > limit:
            self.reply_status(400)
            return None
        return int(rest)

    def start_unsized(self, headers):
        """Headers for a body that ends when the connection closes."""
        self.close_connection = True
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def r_big(self, rest):
        total = self.number(rest, MAX_GENERATED)
        if total is None:
            return
        self.start_unsized({"Content-Type": "application/rss+xml"})
        for chunk in generated_chunks(total):
            self.wfile.write(chunk)

    def r_gzip_bomb(self, rest):
        total = self.number(rest, MAX_GENERATED)
        if total is None:
            return
        z = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip framing
        body = b"".join(z.compress(c) for c in generated_chunks(total)) + z.flush()
        self.reply(200, body, {
            "Content-Type": "application/rss+xml",
            "Content-Encoding": "gzip",
        }, self.command == "HEAD")

    def r_slow(self, rest):
        secs = self.number(rest, 10**6)
        if secs is None:
            return
        self.start_unsized({"Content-Type": "application/rss+xml"})
        time.sleep(min(secs, MAX_STALL))
        self.wfile.write(BIG_PREFIX + b"</channel></rss>\n")

    def r_endless_headers(self, kind):
        if kind not in ("many", "long"):
            self.reply_status(404)
            return
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n")
        end = time.monotonic() + MAX_STALL
        n = 0
        if kind == "long":
            self.wfile.write(b"X-Long: ")
        while time.monotonic() < end:
            if kind == "many":
                self.wfile.write(b"X-Pad-%d: %s\r\n" % (n, b"a" * 4096))
            else:
                self.wfile.write(b"a" * 4096)
            self.wfile.flush()
            n += 1

    def r_case(self, name):
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
            self.reply_status(400)
            return
        _full, raw = self.read_root_file(os.path.join("http", name + ".reply"))
        if raw is None:
            self.reply_status(404)
            return
        # The head is stored with LF line ends for easy editing; the wire
        # wants CRLF. The body goes out byte for byte.
        head, sep, body = raw.partition(b"\n\n")
        head = head.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        self.close_connection = True
        self.wfile.write(head + (b"\r\n\r\n" if sep else b"\r\n") + body)

    def r_moved(self, rest):
        m = re.fullmatch(r"(3\d\d)/(.+)", rest)
        if m is None:
            self.reply_status(400)
            return
        query = "?" + self.raw_query if self.raw_query else ""
        self.reply(int(m.group(1)), b"moved\n",
                   {"Location": "/" + m.group(2) + query, "Content-Type": "text/plain"})

    def r_stall(self, rest):
        secs = self.number(rest, 10**6)
        if secs is None:
            return
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.flush()
        time.sleep(min(secs, MAX_STALL))

    def r_drip(self, rest):
        m = re.fullmatch(r"(\d{1,6})/(\d{1,6})", rest)
        if m is None or int(m.group(1)) == 0:
            self.reply_status(400)
            return
        rate, total = int(m.group(1)), int(m.group(2))
        body = (BIG_PREFIX + b"<title>Drip</title>\n").ljust(max(total, 0) - 17) + b"</channel></rss>\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        start = time.monotonic()
        for i in range(0, len(body), rate):
            if time.monotonic() - start > MAX_STALL:
                self.close_connection = True
                return
            if i + rate >= len(body):
                self.write_last(body[i:])
                return
            self.wfile.write(body[i:i + rate])
            self.wfile.flush()
            time.sleep(1)

    def r_short(self, rel):
        _full, data = self.read_root_file(rel)
        if data is None:
            self.reply_status(404)
            return
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(data) + 1000))
        self.send_header("Connection", "close")
        self.end_headers()
        self.write_last(data)

    def r_retry(self, rest):
        m = re.fullmatch(r"(429|503)/(\d{1,9}|date\d{1,9})", rest)
        if m is None:
            self.reply_status(400)
            return
        value = m.group(2)
        if value.startswith("date"):
            value = email.utils.formatdate(time.time() + int(value[4:]), usegmt=True)
        code = int(m.group(1))
        body = b"come back later\n"
        self.reply(code, body, {"Retry-After": value, "Content-Type": "text/plain"})

    def r_cache(self, rest):
        m = re.fullmatch(r"(\d{1,9})/(.+)", rest)
        if m is None:
            self.reply_status(400)
            return
        self.r_file(m.group(2), {"Cache-Control": "public, max-age=" + m.group(1)})

    def r_expires(self, rest):
        m = re.fullmatch(r"(\d{1,9})/(.+)", rest)
        if m is None:
            self.reply_status(400)
            return
        # send_response() sends Date: now, the base of this Expires.
        self.r_file(m.group(2), {
            "Expires": email.utils.formatdate(time.time() + int(m.group(1)), usegmt=True),
        })

    def r_plain(self, rel):
        self.r_file(rel, content_type="text/plain")

    def r_charset(self, rest):
        m = re.fullmatch(r"([A-Za-z0-9_.:-]{1,40})/(.+)", rest)
        if m is None:
            self.reply_status(400)
            return
        self.r_file(m.group(2), content_type="application/rss+xml; charset=" + m.group(1))

    def r_gen(self, rest):
        m = re.fullmatch(r"(\d{1,9})/(\d{1,6})", rest)
        if m is None:
            self.reply_status(400)
            return
        key = (int(m.group(1)), int(m.group(2)))
        cache = self.server.state.gen_cache
        with self.server.state.lock:
            body = cache.get(key)
        if body is None:
            body = gen_feed(*key)
            with self.server.state.lock:
                if len(cache) >= GEN_CACHE_MAX:
                    cache.clear()
                cache[key] = body
        ms = self.query.get("ms", ["0"])[0]
        if ms.isdigit():
            time.sleep(min(int(ms), 10000) / 1000.0)
        self.reply_validated(body, "application/rss+xml")

    def r_common_path(self, name):
        if self.server.server_address[0] != SITE_HOST:
            self.reply_status(404)
        elif name == "feed":
            self.r_file("http/site-without-feed.html")
        elif name == "rss.xml":
            self.r_file("feeds/rss2.xml")
        else:
            self.reply_status(404)

    def r_alias(self, name):
        with self.server.state.lock:
            target = self.server.state.aliases.get(name)
        if target is None:
            self.reply_status(404)
            return
        path, _, query = target.partition("?")
        self.raw_query = query
        self.query = urllib.parse.parse_qs(query)
        self.route(path)

    def r_control(self, rest):
        m = re.fullmatch(r"alias/([A-Za-z0-9_-]{1,64})", rest)
        to = self.query.get("to", [None])[0]
        if m is None or to is None or not to.startswith("/"):
            self.reply_status(400)
            return
        with self.server.state.lock:
            self.server.state.aliases[m.group(1)] = to
        self.reply(200, b"ok\n", {"Content-Type": "text/plain"})

    def r_stats(self, rest):
        if rest == "reset":
            self.server.stats.reset()
        elif rest != "":
            self.reply_status(404)
            return
        doc = self.server.stats.snapshot()
        doc["ipv6"] = self.server.state.ipv6
        doc["hosts"] = self.server.state.hosts
        self.reply(200, (json.dumps(doc) + "\n").encode(), {"Content-Type": "application/json"})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a stalled handler never delays shutdown
    allow_reuse_address = False
    request_queue_size = 256  # 200 feeds at once must not be refused

    def handle_error(self, request, client_address):
        # A client that closes a kept-alive connection is no error.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class Server6(Server):
    address_family = socket.AF_INET6


class State:
    """What every listener shares."""

    def __init__(self, root, log_path):
        self.root = root
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.lock = threading.Lock()
        self.stats = Stats()
        self.gen_cache = {}
        self.aliases = {}
        self.ipv6 = False
        self.hosts = []


def listen(state, nhosts):
    """Binds 127.0.0.1 on a free port, the same port on 127.0.0.2..nhosts and,
    when the machine has it, on ::1. Returns the servers (the first is
    127.0.0.1's)."""
    for _attempt in range(50):
        first = Server(("127.0.0.1", 0), Handler)
        port = first.server_address[1]
        servers, ok = [first], True
        for i in range(2, nhosts + 1):
            try:
                servers.append(Server(("127.0.0.%d" % i, port), Handler))
            except OSError:
                ok = False
                break
        ipv6 = False
        if ok:
            try:
                servers.append(Server6(("::1", port), Handler))
                ipv6 = True
            except OSError as e:
                # No IPv6 loopback here: said in /stats. A port taken on
                # ::1 only means: try another port.
                ok = e.errno not in (errno.EADDRINUSE,)
        if ok:
            state.ipv6 = ipv6
            state.hosts = ["127.0.0.%d" % i for i in range(1, nhosts + 1)] + (["::1"] if ipv6 else [])
            for srv in servers:
                srv.root, srv.log_path, srv.log_lock = state.root, state.log_path, state.log_lock
                srv.stats, srv.state = state.stats, state
            return servers
        for srv in servers:
            srv.server_close()
    raise OSError("no port free on every loopback address")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--root", required=True, help="directory served (tests/data)")
    ap.add_argument("--log", required=True, help="file to append JSON request lines to")
    ap.add_argument("--max-seconds", type=float, default=600.0,
                    help="stop by itself after this long (default 600)")
    ap.add_argument("--watch-stdin", action="store_true",
                    help="stop when stdin reaches EOF")
    ap.add_argument("--hosts", type=int, default=4,
                    help="also listen on 127.0.0.2 .. 127.0.0.HOSTS (default 4)")
    args = ap.parse_args()

    # Loopback only, port 0: the kernel picks a free port.
    servers = listen(State(args.root, args.log), max(1, min(args.hosts, 250)))
    srv = servers[0]
    for extra in servers[1:]:
        threading.Thread(target=extra.serve_forever, kwargs={"poll_interval": 0.2},
                         daemon=True).start()

    def stop(*_):
        # shutdown() blocks until serve_forever returns, so never call it
        # from the thread that runs serve_forever.
        def down():
            for one in servers:
                one.shutdown()
        threading.Thread(target=down, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    timer = threading.Timer(args.max_seconds, stop)
    timer.daemon = True
    timer.start()
    if args.watch_stdin:
        def watch():
            # os.read, not sys.stdin: a buffered reader's lock held by a
            # daemon thread makes interpreter shutdown abort.
            while os.read(0, 4096):
                pass
            stop()
        threading.Thread(target=watch, daemon=True).start()

    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.2)
    finally:
        timer.cancel()
        for one in servers:
            one.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
