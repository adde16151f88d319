"""A real Socket.IO client for tests against a live server process."""

import queue
import time

import socketio

NAMESPACE = "/interview"
EVENTS = (
    "state",
    "turn_start",
    "turn_delta",
    "turn_end",
    "completed",
    "error",
    "answer_stored",
)


class InterviewClient:
    """Connects to /interview and records every event, in order of arrival.

    A candidate passes the participant cookie; a watcher passes its portal cookies
    (`cookies`) and `auth={"watch": session_id}`.
    """

    def __init__(
        self,
        base_url: str,
        cookie: str | None = None,
        origin: str | None = None,
        *,
        cookies: dict | None = None,
        auth: dict | None = None,
    ):
        self.base_url = base_url
        self.auth = auth
        self.events: queue.Queue = queue.Queue()
        self.history: list[tuple[str, dict]] = []
        self.client = socketio.Client(reconnection=False)
        for name in EVENTS:
            self.client.on(name, self._recorder(name), namespace=NAMESPACE)
        jar = dict(cookies or {})
        if cookie:
            jar["viva_participant"] = cookie
        self.headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        if origin:  # websocket-client sends the URL's own origin unless told otherwise
            self.headers["Origin"] = origin

    def _recorder(self, name):
        def record(data=None):
            self.history.append((name, data))
            self.events.put((name, data))

        return record

    def connect(self, transports=("websocket",)) -> "InterviewClient":
        self.client.connect(
            self.base_url,
            headers=self.headers,
            namespaces=[NAMESPACE],
            transports=list(transports),
            auth=self.auth,
            wait_timeout=5,
        )
        return self

    def resume(self, last_seq: int) -> dict:
        return self.client.call(
            "resume", {"last_seq": last_seq}, namespace=NAMESPACE, timeout=10
        )

    def wait_for(self, name: str, timeout: float = 15.0, where=lambda data: True):
        """The payload of the next `name` event matching `where` (earlier ones kept)."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                event, data = self.events.get(
                    timeout=max(0.01, deadline - time.monotonic())
                )
            except queue.Empty:
                break
            seen.append(event)
            if event == name and where(data):
                return data
        raise AssertionError(f"no {name} within {timeout}s; saw {seen}")

    def answer(self, client_id: str, text: str) -> dict:
        return self.client.call(
            "answer",
            {"client_id": client_id, "text": text},
            namespace=NAMESPACE,
            timeout=10,
        )

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()
