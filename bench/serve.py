#!/usr/bin/env python3
"""Serves a directory on 127.0.0.1 for airadar's benchmarks: static files with Last-Modified,
304 answers to If-Modified-Since (SimpleHTTPRequestHandler does both), HTTP/1.1 keep-alive
and no per-request log lines, so the server costs as little as it can on a 2-core machine.

Usage: serve.py DIR PORT   (prints "ready" on stdout once listening)
"""

import functools
import http.server
import sys


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive: clients reuse connections, as they would with a real server.
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def main():
    root, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
