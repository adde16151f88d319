"""A fake SendGrid v3 API on 127.0.0.1: `POST /v3/mail/send`, nothing else.

It records every request, checks the Bearer key (401 with SendGrid's error body when it
is wrong), and answers 202 unless a test scripts other replies:

    with FakeSendGrid() as sendgrid:
        sendgrid.reply(500, times=2)        # the next two sends fail
        sendgrid.reply(202, delay=3)        # the one after stalls for 3 s first
        ... SendGridAPIClient(sendgrid.api_key, host=sendgrid.url) ...
        assert sendgrid.messages[0]["subject"] == "..."
"""

import contextlib
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEND_PATH = "/v3/mail/send"
DEFAULT_API_KEY = "SG.fake-key-for-tests"
BAD_KEY_BODY = {
    "errors": [
        {
            "message": "The provided authorization grant is invalid, expired, or "
            "revoked",
            "field": None,
            "help": None,
        }
    ]
}


@dataclass
class Reply:
    status: int = 202
    body: dict | None = None
    delay: float = 0.0


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict
    body: bytes
    json: dict | None = field(default=None)
    accepted: bool = False


class FakeSendGrid:
    """Start with `with FakeSendGrid() as server:` (or start()/stop())."""

    def __init__(self, api_key: str = DEFAULT_API_KEY):
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = None

    # -- scripting -------------------------------------------------------------------
    def reply(self, status: int, body: dict | None = None, delay: float = 0.0, times=1):
        """Answer the next `times` authorised sends with `status`, after `delay` s."""
        with self._lock:
            self._replies.extend(Reply(status, body, delay) for _ in range(times))

    @property
    def messages(self) -> list[dict]:
        """The JSON bodies of the sends that were accepted (2xx)."""
        return [r.json for r in self.requests if r.accepted]

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> "FakeSendGrid":
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let stalled replies finish
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeSendGrid":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- serving ---------------------------------------------------------------------
    def _next_reply(self) -> Reply:
        with self._lock:
            return self._replies.popleft() if self._replies else Reply(202)

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _answer(self, status: int, body: dict | None):
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    parsed = json.loads(raw or b"null")
                except ValueError:
                    parsed = None
                record = RecordedRequest(
                    "POST", self.path, dict(self.headers.items()), raw, parsed
                )
                fake.requests.append(record)
                if self.path != SEND_PATH:
                    return self._answer(404, {"errors": [{"message": "Not found"}]})
                if self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._answer(401, BAD_KEY_BODY)
                reply = fake._next_reply()
                if reply.delay:
                    fake._release.wait(reply.delay)
                record.accepted = 200 <= reply.status < 300
                # The client may have given up waiting (a stall test).
                with contextlib.suppress(OSError):
                    self._answer(reply.status, reply.body)

            def do_GET(self):
                self._answer(405, {"errors": [{"message": "Method not allowed"}]})

        return Handler
