"""A fake Zoom on 127.0.0.1: Server-to-Server OAuth and the three meeting calls.

- `POST /oauth/token?grant_type=account_credentials&account_id=...` with HTTP Basic
  client id and secret: an access token (401 for wrong credentials);
- `POST /v2/users/me/meetings`: a meeting with an id and a join_url (201);
- `PATCH /v2/meetings/<id>`: 204; `DELETE /v2/meetings/<id>`: 204, 404 when unknown.

Every API call needs `Authorization: Bearer <token>`. A test may script failures:

    with FakeZoom() as zoom:
        zoom.fail_next(500)              # the next API call answers 500
        ... ZOOM_API_URL=zoom.api_url, ZOOM_OAUTH_URL=zoom.oauth_url ...
        assert zoom.meetings["1001"]["topic"] == "..."
"""

import base64
import itertools
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ACCOUNT_ID = "fake-account"
CLIENT_ID = "fake-client"
CLIENT_SECRET = "fake-secret-for-tests"


class FakeZoom:
    def __init__(self):
        self.meetings: dict[str, dict] = {}
        self.calls: list[tuple[str, str]] = []
        self.tokens_issued = 0
        self._tokens: set[str] = set()
        self._failures: list[int] = []
        self._ids = itertools.count(1001)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/v2"

    @property
    def oauth_url(self) -> str:
        return f"{self.url}/oauth/token"

    def config(self) -> dict:
        """The app settings that point Viva at this fake."""
        return {
            "ZOOM_ACCOUNT_ID": ACCOUNT_ID,
            "ZOOM_CLIENT_ID": CLIENT_ID,
            "ZOOM_CLIENT_SECRET": CLIENT_SECRET,
            "ZOOM_API_URL": self.api_url,
            "ZOOM_OAUTH_URL": self.oauth_url,
        }

    def fail_next(self, status: int) -> None:
        with self._lock:
            self._failures.append(status)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status: int, body: dict | None = None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"{}")

            def _token(self):
                query = parse_qs(urlsplit(self.path).query)
                expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode())
                if (
                    self.headers.get("Authorization") != f"Basic {expected.decode()}"
                    or query.get("grant_type") != ["account_credentials"]
                    or query.get("account_id") != [ACCOUNT_ID]
                ):
                    return self._reply(401, {"reason": "Invalid client_id or secret"})
                token = secrets.token_urlsafe(16)
                with fake._lock:
                    fake._tokens.add(token)
                    fake.tokens_issued += 1
                return self._reply(
                    200,
                    {"access_token": token, "token_type": "bearer", "expires_in": 3599},
                )

            def _api(self, method: str):
                path = urlsplit(self.path).path
                fake.calls.append((method, path))
                bearer = (self.headers.get("Authorization") or "").removeprefix(
                    "Bearer "
                )
                if bearer not in fake._tokens:
                    return self._reply(401, {"code": 124, "message": "Invalid token"})
                with fake._lock:
                    failure = fake._failures.pop(0) if fake._failures else None
                if failure:
                    return self._reply(
                        failure, {"code": failure, "message": "Scripted"}
                    )
                if method == "POST" and path == "/v2/users/me/meetings":
                    meeting_id = str(next(fake._ids))
                    meeting = dict(self._body(), id=int(meeting_id))
                    meeting["join_url"] = f"https://zoom.example/j/{meeting_id}"
                    fake.meetings[meeting_id] = meeting
                    return self._reply(201, meeting)
                meeting_id = path.rsplit("/", 1)[-1]
                if (
                    not path.startswith("/v2/meetings/")
                    or meeting_id not in fake.meetings
                ):
                    return self._reply(404, {"code": 3001, "message": "Not found"})
                if method == "PATCH":
                    fake.meetings[meeting_id].update(self._body())
                    return self._reply(204)
                if method == "DELETE":
                    del fake.meetings[meeting_id]
                    return self._reply(204)
                return self._reply(405, {"message": "Method not allowed"})

            def do_POST(self):
                if urlsplit(self.path).path == "/oauth/token":
                    return self._token()
                return self._api("POST")

            def do_PATCH(self):
                return self._api("PATCH")

            def do_DELETE(self):
                return self._api("DELETE")

        return Handler
