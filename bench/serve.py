#!/usr/bin/env python3
"""Serves a directory on 127.0.0.1 for airadar's benchmarks: static files with Last-Modified,
304 answers to If-Modified-Since (SimpleHTTPRequestHandler does both), HTTP/1.1 keep-alive
and no per-request log lines, so the server costs as little as it can on a 2-core machine.

With --no-validators it answers every request in full: no Last-Modified, and If-Modified-Since
ignored, as many real feed servers do.

Usage: serve.py DIR PORT [--no-validators]   (prints "ready" on stdout once listening)
"""

import functools
import http.server
import sys


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive: clients reuse connections, as they would with a real server.
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class FullHandler(QuietHandler):
    """Ignores validators: every answer is a 200 with the whole file."""

    def send_head(self):
        del self.headers["If-Modified-Since"]
        del self.headers["If-None-Match"]
        return super().send_head()

    def send_header(self, keyword, value):
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)


def main():
    root, port = sys.argv[1], int(sys.argv[2])
    kind = FullHandler if "--no-validators" in sys.argv[3:] else QuietHandler
    handler = functools.partial(kind, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
