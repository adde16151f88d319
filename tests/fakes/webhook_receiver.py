"""A local webhook receiver that verifies Standard Webhooks signatures, scriptable.

Each request is checked with the `standardwebhooks` library's own `Webhook.verify`
against `secret` and recorded with the outcome. Answers come from a script (status
codes, or a delay past the sender's timeout), else 204.

    receiver = WebhookReceiver().start()
    receiver.secret = endpoint_secret
    receiver.script(500, 500, Slow(3))      # two failures, then a timeout, then 204
    ... deliver to receiver.url ...
    receiver.received[0].verified
    receiver.stop()
"""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Slow:
    """Answer 204 only after `seconds` (past the sender's timeout)."""

    seconds: float


@dataclass
class Received:
    """One request: its headers (lower-case), body and the verifier's verdict."""

    headers: dict
    body: bytes
    verified: bool
    error: str | None

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class WebhookReceiver:
    def __init__(self):
        self.secret: str | None = None
        self.received: list[Received] = []
        self._script: list = []
        self._lock = threading.Lock()
        self._server = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hooks"

    def script(self, *answers) -> "WebhookReceiver":
        with self._lock:
            self._script.extend(answers)
        return self

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.received.clear()

    def verify(self, body: bytes, headers: dict) -> str | None:
        """The library's verdict on a request: None when valid, else why not."""
        try:
            Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError as exc:
            return str(exc) or type(exc).__name__
        return None

    def _next(self):
        with self._lock:
            return self._script.pop(0) if self._script else 204

    def start(self) -> "WebhookReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                error = receiver.verify(body, headers)
                with receiver._lock:
                    receiver.received.append(
                        Received(headers, body, error is None, error)
                    )
                answer = receiver._next()
                if isinstance(answer, Slow):
                    time.sleep(answer.seconds)
                    answer = 204
                status = answer if error is None or answer >= 300 else 401
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
