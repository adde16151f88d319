"""A local fake of an OpenAI-compatible server (Ollama, vLLM, llama.cpp), scriptable.

Speaks what the `openai` SDK sends: `GET /v1/models`, `POST /v1/chat/completions` and
`POST /v1/audio/speech` (text to speech: a Reply answers FAKE_MP3, an Error fails),
streaming as server-sent events with a final usage chunk whose `choices` is empty when
`stream_options.include_usage` is set. Each completion takes the next scripted
behaviour (or the default):

    fake = FakeOpenAI().start()
    fake.script(Reply(chunks=["<think>hm", "m</think>Hello ", "there."]))
    fake.script(Error(429, retry_after=0.2), Reply(text="after the retry"))
    fake.script(Reply(chunks=["Hi"], reasoning=["secret plan"]))   # reasoning_content
    fake.script(Reply(chunks=["Hi ", "there"], drop_after=1))      # a dropped stream
    fake.script(Stall(5))                                          # past the timeout
    fake.refuse_json_schema = True   # 400 for response_format json_schema
    fake.responder = lambda seen: Reply(...)  # answers computed from the request
    ... OpenAI(base_url=fake.url, ...) ...
    fake.stop()
"""

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What /v1/audio/speech answers: an MP3 frame header and a little padding.
FAKE_MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 16


@dataclass
class Reply:
    """A successful answer: whole `text`, or `chunks` streamed one event each."""

    text: str | None = None
    chunks: list[str] | None = None
    reasoning: list[str] | None = None
    chunk_delay: float = 0.0
    prompt_tokens: int | None = None
    finish_reason: str = "stop"
    drop_after: int | None = None  # close the connection after this many chunks
    stall_after: int | None = None  # go silent after this many chunks
    stall_seconds: float = 5.0

    def parts(self) -> list[str]:
        return list(self.chunks) if self.chunks is not None else [self.text or ""]


def json_reply(payload, **options) -> Reply:
    """A structured-output answer: `payload` serialised as the reply's text."""
    return Reply(text=json.dumps(payload), **options)


@dataclass
class Error:
    """An HTTP error in OpenAI's error shape, optionally with Retry-After."""

    status: int = 500
    message: str = "fake failure"
    retry_after: float | None = None


@dataclass
class Stall:
    """Accept the request and say nothing for `seconds`."""

    seconds: float = 5.0


@dataclass
class Seen:
    """One completion request as the fake received it."""

    body: dict
    authorization: str | None
    at: float = field(default_factory=time.monotonic)

    @property
    def response_format(self) -> str | None:
        return (self.body.get("response_format") or {}).get("type")

    @property
    def prompt_text(self) -> str:
        return "\n".join(m.get("content") or "" for m in self.body.get("messages", []))


class FakeOpenAI:
    def __init__(self, models=("qwen3:8b",), default: Reply | None = None):
        self.models = list(models)
        self.model_context = None  # vLLM reports max_model_len per model
        self.default = default or Reply(text="This is the fake model's reply.")
        self.refuse_json_schema = False
        self.responder = None  # seen -> behaviour, when nothing is scripted
        self.requests: list[Seen] = []
        self.model_listings = 0
        self._queue: list = []
        self._lock = threading.Lock()
        self._server = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *behaviours) -> "FakeOpenAI":
        with self._lock:
            self._queue.extend(behaviours)
        return self

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.refuse_json_schema = False
            self.responder = None
            self.model_context = None
            self.model_listings = 0

    def _next(self, seen: Seen):
        with self._lock:
            self.requests.append(seen)
            if self._queue:
                return self._queue.pop(0)
            responder = self.responder
        return responder(seen) if responder else self.default

    def start(self) -> "FakeOpenAI":
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _tokens(text: str) -> int:
    return max(1, len(text.split()))


class _Handler(BaseHTTPRequestHandler):
    owner: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.rstrip("/") != "/v1/models":
            return self._error(404, "not found")
        self.owner.model_listings += 1
        data = []
        for name in self.owner.models:
            model = {"id": name, "object": "model", "owned_by": "fake"}
            if self.owner.model_context:
                model["max_model_len"] = self.owner.model_context
            data.append(model)
        self._json(200, {"object": "list", "data": data})

    def do_POST(self):
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        path = self.path.rstrip("/")
        if path not in ("/v1/chat/completions", "/v1/audio/speech"):
            return self._error(404, "not found")
        seen = Seen(body=body, authorization=self.headers.get("Authorization"))
        if path == "/v1/audio/speech":
            return self._speech(self.owner._next(seen))
        if self.owner.refuse_json_schema and seen.response_format == "json_schema":
            with self.owner._lock:
                self.owner.requests.append(seen)
            return self._error(400, "response_format json_schema is not supported")
        behaviour = self.owner._next(seen)
        if isinstance(behaviour, Stall):
            time.sleep(behaviour.seconds)
            return self._error(504, "stalled")
        if isinstance(behaviour, Error):
            headers = {}
            if behaviour.retry_after is not None:
                headers["Retry-After"] = str(behaviour.retry_after)
            return self._error(behaviour.status, behaviour.message, headers)
        prompt_tokens = behaviour.prompt_tokens or _tokens(seen.prompt_text)
        if body.get("stream"):
            return self._stream(behaviour, body, prompt_tokens)
        text = "".join(behaviour.parts())
        self._json(200, _completion(body, text, prompt_tokens, behaviour))

    def _speech(self, behaviour):
        if isinstance(behaviour, Stall):
            time.sleep(behaviour.seconds)
            return self._error(504, "stalled")
        if isinstance(behaviour, Error):
            return self._error(behaviour.status, behaviour.message)
        self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.send_header("Content-Length", str(len(FAKE_MP3)))
        self.end_headers()
        self.wfile.write(FAKE_MP3)

    def _stream(self, reply: Reply, body: dict, prompt_tokens: int):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        model = body.get("model")
        for index, thought in enumerate(reply.reasoning or []):
            delta = {"reasoning_content": thought}
            if index == 0:
                delta["role"] = "assistant"
            self._event(_chunk(model, delta))
        parts = reply.parts()
        for index, part in enumerate(parts):
            if reply.drop_after is not None and index >= reply.drop_after:
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            if reply.stall_after is not None and index >= reply.stall_after:
                time.sleep(reply.stall_seconds)
                return
            time.sleep(reply.chunk_delay)
            self._event(_chunk(model, {"content": part}))
        self._event(_chunk(model, {}, finish=reply.finish_reason))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = _usage(prompt_tokens, _tokens("".join(parts)))
            self._event({**_chunk(model, None), "choices": [], "usage": usage})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, payload: dict):
        self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
        self.wfile.flush()

    def _json(self, status: int, payload: dict, headers: dict | None = None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, headers: dict | None = None):
        error = {"error": {"message": message, "type": "fake_error", "code": status}}
        self._json(status, error, headers)


def _usage(prompt: int, completion: int) -> dict:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _chunk(model, delta, finish=None) -> dict:
    choices = (
        [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    )
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": choices,
    }


def _completion(body: dict, text: str, prompt_tokens: int, reply: Reply) -> dict:
    message = {"role": "assistant", "content": text}
    if reply.reasoning:
        message["reasoning_content"] = "".join(reply.reasoning)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model"),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": _usage(prompt_tokens, _tokens(text)),
    }
