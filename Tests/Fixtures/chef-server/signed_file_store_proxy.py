#!/usr/bin/env python3
"""A Chef server whose file store wants signed uploads: a proxy in front of goiardi.

goiardi takes a file-store PUT without Chef's signature headers (it checks the file by its
checksum); some file stores want them. This proxy forwards every request to goiardi, answers
401 to a PUT on /file_store/ that carries no X-Ops-Authorization-1 header, and rewrites the
goiardi address in answers (sandbox URLs) to its own, so uploads come through it.

    signed_file_store_proxy.py GOIARDI_URL PORT COUNTS_FILE

COUNTS_FILE gets one line per file-store PUT: "refused" or "signed".
"""
import http.client
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

upstream = urlsplit(sys.argv[1])
port = int(sys.argv[2])
counts_file = sys.argv[3]
own_url = f"http://127.0.0.1:{port}"
lock = threading.Lock()


def count(what):
    with lock:
        with open(counts_file, "a") as out:
            out.write(what + "\n")


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.command == "PUT" and self.path.startswith("/file_store/"):
            if "X-Ops-Authorization-1" not in self.headers:
                count("refused")
                answer = b'{"error":["file store uploads must be signed"]}'
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                return
            count("signed")
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        headers["Host"] = upstream.netloc
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read().replace(f"{upstream.scheme}://{upstream.netloc}".encode(), own_url.encode())
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        connection.close()

    do_GET = do_PUT = do_POST = do_DELETE = forward


ThreadingHTTPServer(("127.0.0.1", port), Proxy).serve_forever()
