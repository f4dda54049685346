#!/usr/bin/env python3
"""Loopback HTTP server for ldnews' network tests (standard library only).

It binds 127.0.0.1 on a free port, prints that port as its first stdout
line, and serves canned behaviour from --root (the repository's tests/data):

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

Every request is appended to --log as one JSON line {method, path, headers}
before it is answered, so a client that has its reply can read its request.
The server never outlives --max-seconds, stops on SIGTERM/SIGINT, and with
--watch-stdin also when its stdin reaches EOF (its parent went away).
"""

import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import re
import signal
import sys
import threading
import time
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
        if body and not head_only and code not in (204, 304):
            self.wfile.write(body)

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
        self.log_request_json()
        path = self.path.split("?", 1)[0]
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
        }
        fn = routes.get(name)
        if fn is None:
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

    def r_file(self, rel):
        full, data = self.read_root_file(rel)
        if data is None:
            self.reply_status(404)
            return
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        ext = os.path.splitext(full)[1].lower()
        headers = {
            "Content-Type": CONTENT_TYPES.get(ext, "application/octet-stream"),
            "ETag": etag,
            "Last-Modified": LAST_MODIFIED,
        }
        if self.not_modified(etag):
            self.reply(304, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})
        else:
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


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a stalled handler never delays shutdown
    allow_reuse_address = False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--root", required=True, help="directory served (tests/data)")
    ap.add_argument("--log", required=True, help="file to append JSON request lines to")
    ap.add_argument("--max-seconds", type=float, default=600.0,
                    help="stop by itself after this long (default 600)")
    ap.add_argument("--watch-stdin", action="store_true",
                    help="stop when stdin reaches EOF")
    args = ap.parse_args()

    # Loopback only, port 0: the kernel picks a free port.
    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = args.root
    srv.log_path = args.log
    srv.log_lock = threading.Lock()

    def stop(*_):
        # shutdown() blocks until serve_forever returns, so never call it
        # from the thread that runs serve_forever.
        threading.Thread(target=srv.shutdown, daemon=True).start()

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
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
