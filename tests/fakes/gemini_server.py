"""A local fake of the Gemini REST API, scriptable per test.

Speaks what the google-genai SDK sends:
`POST /{v1,v1beta}/models/{model}:generateContent` and
`:streamGenerateContent?alt=sse`, with the key in `x-goog-api-key`. Each request takes
the next scripted behaviour (or the default): a reply (text, chunks, chunk timing, token
usage), an HTTP error (429, 500, ...), a stream cut after N chunks, or a stall.

    fake = FakeGemini().start()
    fake.script(Reply(chunks=["Hello ", "there."], first_delay=0.3, chunk_delay=0.08))
    fake.script(Error(429), Reply(text="after the retry"))
    fake.script(json_reply({"score": 7}), json_reply({"score": 9}))  # structured output
    ... point the SDK at fake.url ...
    fake.stop()
"""

import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = re.compile(
    r"^/(?P<version>v1(?:beta|alpha)?)/models/(?P<model>[^:/]+):(?P<method>\w+)"
)


@dataclass
class Reply:
    """A successful answer: whole `text`, or `chunks` streamed one SSE event each."""

    text: str | None = None
    chunks: list[str] | None = None
    first_delay: float = 0.0
    chunk_delay: float = 0.0
    prompt_tokens: int | None = None
    finish_reason: str = "STOP"
    # Send an error event after this many chunks (the SDK raises mid-stream).
    cut_after: int | None = None
    # Close the connection without a clean end after this many chunks.
    drop_after: int | None = None
    # Benchmarks: end each chunk with " [c<index>@<unix time sent>]" so a client can
    # tell lost, repeated or reordered chunks and each chunk's relay delay.
    stamp: bool = False

    def parts(self) -> list[str]:
        if self.chunks is not None:
            return list(self.chunks)
        return [self.text or ""]


def json_reply(payload, **options) -> "Reply":
    """A structured-output answer: `payload` serialised as the reply's text."""
    return Reply(text=json.dumps(payload), **options)


@dataclass
class Error:
    """An HTTP error answer in Google's error shape."""

    status: int = 500
    message: str = "fake failure"
    delay: float = 0.0


@dataclass
class Stall:
    """Accept the request and say nothing for `seconds` (past the client's timeout)."""

    seconds: float = 30.0


@dataclass
class Seen:
    """One request as the fake received it."""

    method: str
    model: str
    version: str
    api_key: str | None
    body: dict
    at: float = field(default_factory=time.monotonic)

    @property
    def generation_config(self) -> dict:
        """The request's generationConfig (temperature, schema, ...)."""
        return (
            self.body.get("generationConfig")
            or self.body.get("generation_config")
            or {}
        )

    @property
    def prompt_text(self) -> str:
        """All text parts of the request's contents and system instruction, joined."""
        texts = []
        for content in self.body.get("contents", []):
            texts.extend(part.get("text", "") for part in content.get("parts", []))
        system = self.body.get("systemInstruction") or self.body.get(
            "system_instruction"
        )
        if system:
            texts.extend(part.get("text", "") for part in system.get("parts", []))
        return "\n".join(texts)


def _count_tokens(text: str) -> int:
    return max(1, len(text.split()))


class FakeGemini:
    """The fake server. Thread-safe; one instance per test (or per module)."""

    def __init__(self, api_key: str = "test-gemini-key", default: Reply | None = None):
        self.api_key = api_key
        self.default = default or Reply(text="This is the fake Gemini reply.")
        self.requests: list[Seen] = []
        self.responder = (
            None  # optional callable(Seen) -> behaviour, used before default
        )
        self._queue: list = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._gather = 0
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *behaviours) -> "FakeGemini":
        """Queue behaviours; each request takes the next one."""
        with self._lock:
            self._queue.extend(behaviours)
        return self

    def gather(self, count: int) -> "FakeGemini":
        """Hold every answer until `count` requests have arrived in all.

        Parallel calls then take the first scripted behaviours between them, whatever
        their timing, before any retry can ask again.
        """
        with self._lock:
            self._gather = count
        return self

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.responder = None
            self._gather = 0

    def next_behaviour(self, seen: Seen):
        with self._lock:
            self.requests.append(seen)
            self._arrived.notify_all()
            behaviour = self._queue.pop(0) if self._queue else None
            self._arrived.wait_for(lambda: len(self.requests) >= self._gather, 10)
        if behaviour is not None:
            return behaviour
        if self.responder is not None:
            return self.responder(seen)
        return self.default

    def start(self, port: int = 0) -> "FakeGemini":
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Handler(BaseHTTPRequestHandler):
    owner: FakeGemini
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        # The client gave up (a timeout under test): nothing to report.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()

    def _answer(self):
        match = PATH.match(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if match is None:
            return self._error(404, f"Unknown path {self.path}")
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._error(400, "Invalid JSON payload")
        key = self.headers.get("x-goog-api-key")
        seen = Seen(
            method=match.group("method"),
            model=match.group("model"),
            version=match.group("version"),
            api_key=key,
            body=body,
        )
        if key != self.owner.api_key:
            self.owner.requests.append(seen)
            return self._error(400, "API key not valid. Please pass a valid API key.")
        behaviour = self.owner.next_behaviour(seen)
        if isinstance(behaviour, Stall):
            time.sleep(behaviour.seconds)
            return self._error(504, "stalled")
        if isinstance(behaviour, Error):
            time.sleep(behaviour.delay)
            return self._error(behaviour.status, behaviour.message)
        prompt_tokens = behaviour.prompt_tokens or _count_tokens(seen.prompt_text)
        if seen.method == "streamGenerateContent":
            return self._stream(behaviour, prompt_tokens)
        time.sleep(behaviour.first_delay)
        text = "".join(behaviour.parts())
        payload = _response(
            text, prompt_tokens, _count_tokens(text), behaviour.finish_reason
        )
        self._send_json(200, payload)

    def _stream(self, reply: Reply, prompt_tokens: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        time.sleep(reply.first_delay)
        parts = reply.parts()
        sent_tokens = 0
        for index, part in enumerate(parts):
            if reply.drop_after is not None and index >= reply.drop_after:
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            if reply.cut_after is not None and index >= reply.cut_after:
                error = {
                    "error": {
                        "code": 500,
                        "message": "stream cut",
                        "status": "INTERNAL",
                    }
                }
                self._event(error)
                return
            if index:
                time.sleep(reply.chunk_delay)
            if reply.stamp:
                part = f"{part} [c{index}@{time.time():.6f}] "
            sent_tokens += _count_tokens(part)
            last = index == len(parts) - 1
            payload = _response(
                part, prompt_tokens, sent_tokens, reply.finish_reason if last else None
            )
            self._event(payload)

    def _event(self, payload: dict) -> None:
        self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\r\n\r\n")
        self.wfile.flush()

    def _send_json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        names = {400: "INVALID_ARGUMENT", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED"}
        error = {
            "code": status,
            "message": message,
            "status": names.get(status, "INTERNAL"),
        }
        self._send_json(status, {"error": error})


BENCH_TEXT = (
    "Thanks for walking me through that, it gives me a clear picture of how you "
    "approached the problem and what you learned along the way. I appreciate the "
    "detail about the trade-offs you weighed and the way you kept the team informed "
    "while the work was moving forward. Let us keep going with the next part of the "
    "conversation now."
)
BENCH_WORDS = BENCH_TEXT.split(" ")
BENCH_REPLY = Reply(
    chunks=[" ".join(BENCH_WORDS[i : i + 5]) + " " for i in range(0, 60, 5)],
    first_delay=0.3,
    chunk_delay=0.08,
    stamp=True,
)


# The benchmark's evaluator answer: valid for the default rubric, quoting a phrase
# that bench/live_interviews.py's candidates say.
BENCH_EVIDENCE = "added an idempotency key"
BENCH_EVALUATION = {
    "competencies": [
        {"key": key, "score": 7, "evidence": [BENCH_EVIDENCE]}
        for key in ("relevance", "completeness", "accuracy", "clarity")
    ],
    "criteria": {"relevance": 7, "completeness": 6, "accuracy": 7, "clarity": 8},
    "feedback": "A concrete fix with its effect; could say more about testing.",
    "key_points_covered": [],
    "manipulation_attempt": False,
}


def bench_responder(seen: Seen):
    """Interviewer turns stream the stamped turn; evaluations get valid JSON."""
    if seen.method == "generateContent":
        return json_reply(BENCH_EVALUATION)
    return BENCH_REPLY


def _response(
    text: str, prompt_tokens: int, output_tokens: int, finish: str | None
) -> dict:
    candidate = {"content": {"parts": [{"text": text}], "role": "model"}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    return {
        "candidates": [candidate],
        "usageMetadata": {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": output_tokens,
            "totalTokenCount": prompt_tokens + output_tokens,
        },
        "modelVersion": "fake-gemini",
    }


if (
    __name__ == "__main__"
):  # a standalone fake for `make run` experiments and benchmarks
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", default="test-gemini-key")
    parser.add_argument(
        "--bench",
        action="store_true",
        help="answer with the capacity benchmark's turn: 60 words in 12 stamped "
        "chunks, 80 ms apart, after 300 ms",
    )
    args = parser.parse_args()
    default = BENCH_REPLY if args.bench else None
    server = FakeGemini(api_key=args.key, default=default).start(args.port)
    if args.bench:
        server.responder = bench_responder
    print(f"fake Gemini on {server.url} (key {args.key})", flush=True)
    threading.Event().wait()
