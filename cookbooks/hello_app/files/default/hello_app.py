#!/usr/bin/env python3
"""The hello application: GET / answers the first greeting in the database, read on every
request; GET /health answers 200 only while the database answers. Settings come from the
environment: HELLO_PORT, HELLO_DB_HOST, HELLO_DB_NAME, HELLO_DB_USER, HELLO_DB_PASSWORD, and
HELLO_RELEASE (answered as the X-Hello-Release header when set)."""
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

settings = {key: os.environ[f"HELLO_{key.upper()}"] for key in ("db_host", "db_name", "db_user", "db_password")}
release = os.environ.get("HELLO_RELEASE", "")  # sent back as X-Hello-Release: which settings a node runs with
local = threading.local()  # one connection per serving thread, reopened when it breaks


def query(sql):
    for attempt in (1, 2):
        connection = getattr(local, "connection", None)
        try:
            if connection is None or connection.closed:
                connection = local.connection = psycopg2.connect(
                    host=settings["db_host"], dbname=settings["db_name"], user=settings["db_user"],
                    password=settings["db_password"], connect_timeout=2)
                connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()
        except psycopg2.Error:
            local.connection = None
            if attempt == 2:
                raise


class Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, text):
        # Status line, headers and body in one write: a node killed mid-answer sends all of it
        # or nothing, and nothing is what the load balancer can retry elsewhere.
        body = (text + "\n").encode()
        head = (f"HTTP/1.1 {status} {self.responses[status][0]}\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n"
                f"X-Backend: {socket.gethostname()}\r\n"
                + (f"X-Hello-Release: {release}\r\n" if release else "") + "\r\n")
        self.wfile.write(head.encode() + body)

    def do_GET(self):
        try:
            if self.path == "/health":
                query("SELECT 1")
                return self.answer(200, "ok")
            if self.path == "/":
                row = query("SELECT message FROM greetings ORDER BY id LIMIT 1")
                return self.answer(200, row[0] if row else "")
            self.answer(404, "not found")
        except psycopg2.Error as error:
            self.answer(503, f"database unavailable: {error}".strip())

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("HELLO_PORT", "8080"))), Hello).serve_forever()
