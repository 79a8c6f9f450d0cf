"""A tiny SMTP server and an HTTP receiver on 127.0.0.1, started by the tests, that keep
what they get; each can refuse its first N deliveries (a server down, then back)."""

from __future__ import annotations

import json
import socketserver
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Smtp(socketserver.StreamRequestHandler):
    server: SmtpReceiver

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        receiver = self.server
        with receiver.lock:
            receiver.connections += 1
            refuse = receiver.refuse > 0
            receiver.refuse -= refuse
        if refuse:
            self.reply("421 busy, try later")  # what a server going down says
            return
        self.reply("220 localhost test SMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 localhost")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 ok")
            elif command == "DATA":
                self.reply("354 end with .")
                data = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                message = message_from_bytes(bytes(data), policy=policy.default)
                with receiver.lock:
                    receiver.messages.append(message)  # type: ignore[arg-type]
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class SmtpReceiver(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refuse: int = 0) -> None:
        super().__init__(("127.0.0.1", 0), _Smtp)
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.refuse = refuse
        self.connections = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def __enter__(self) -> SmtpReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def wait_for(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        return _wait(lambda: self.messages, count, timeout)


class _Hook(BaseHTTPRequestHandler):
    server: WebhookReceiver

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        receiver = self.server
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with receiver.lock:
            receiver.attempts += 1
            refuse = receiver.refuse > 0
            receiver.refuse -= refuse
        if receiver.delay:
            time.sleep(receiver.delay)
        if refuse:
            self.send_response(503)
            self.end_headers()
            return
        with receiver.lock:
            receiver.posts.append(
                {"content_type": self.headers.get("Content-Type"), **json.loads(body)}
            )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class WebhookReceiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, refuse: int = 0, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Hook)
        self.lock = threading.Lock()
        self.posts: list[dict[str, Any]] = []
        self.refuse = refuse
        self.delay = delay
        self.attempts = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def wait_for(self, count: int, timeout: float = 15.0) -> list[dict[str, Any]]:
        return _wait(lambda: self.posts, count, timeout)


def _wait(items: Any, count: int, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while len(items()) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(items())
