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
    """Connects to /interview with a participant cookie and records every event."""

    def __init__(self, base_url: str, cookie: str, origin: str | None = None):
        self.base_url = base_url
        self.events: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in EVENTS:
            self.client.on(name, self._recorder(name), namespace=NAMESPACE)
        self.headers = {"Cookie": f"viva_participant={cookie}"}
        if origin:  # websocket-client sends the URL's own origin unless told otherwise
            self.headers["Origin"] = origin

    def _recorder(self, name):
        def record(data=None):
            self.events.put((name, data))

        return record

    def connect(self, transports=("websocket",)) -> "InterviewClient":
        self.client.connect(
            self.base_url,
            headers=self.headers,
            namespaces=[NAMESPACE],
            transports=list(transports),
            wait_timeout=5,
        )
        return self

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
