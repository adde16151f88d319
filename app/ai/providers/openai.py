"""Any OpenAI-compatible server (Ollama, vLLM, llama.cpp, DeepSeek, ...) through the
official `openai` SDK.

Interviewer turns stream with usage on the final chunk (`stream_options`); reasoning is
kept from the candidate (`<think>` sections in the content are cut, `reasoning_content`
is never read). Before the first chunk, 408/429/5xx, timeouts, refused connections and
streams that die early are retried up to OPENAI_MAX_RETRIES times, waiting what
Retry-After asks (bounded) or a short backoff; once text has been sent a stream never
restarts (the caller falls back to the offline wording). Structured output uses
OPENAI_JSON_MODE (json_schema, json_object or prompt); a server that refuses the mode
is asked again in prompt mode, and every answer is parsed and checked against the
task's JSON Schema. `health()` reports a cheap probe (GET /models) and a warning when
a prompt would not fit OPENAI_CONTEXT_TOKENS.
"""

import json
import logging
import threading
import time

import httpx2
import openai
from openai import OpenAI

from app.ai.providers.base import AIProvider, InvalidOutput, ProviderError
from app.ai.providers.openai_text import (
    ThinkFilter,
    estimate_tokens,
    parse_json_answer,
    schema_instruction,
    strip_thoughts,
)
from app.ai.providers.streams import TurnStream
from app.errors import ConfigError

log = logging.getLogger(__name__)

JSON_MODES = ("json_schema", "json_object", "prompt")
RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}
BACKOFF_SECONDS = (0.5, 1.5)
MAX_RETRY_AFTER = 20.0
PROBE_TTL_SECONDS = 300
EVALUATOR_TASKS = ("evaluate_answer",)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS
    return isinstance(
        exc, (openai.APIConnectionError, httpx2.TransportError, _EarlyEnd)
    )


def _retry_after(exc: Exception) -> float | None:
    """Seconds the server asked to wait (Retry-After / retry-after-ms), if any."""
    response = getattr(exc, "response", None)
    if response is None:
        return None
    headers = response.headers
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


def _mode_refused(exc: Exception) -> bool:
    """A 400/422 that says the server does not do this response_format."""
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 422):
        return False
    text = str(exc).lower()
    return "response_format" in text or "json_schema" in text or "json" in text


class _EarlyEnd(Exception):
    """The stream ended before its first chunk of text."""


class OpenAIProvider(AIProvider):
    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        eval_model: str | None = None,
        json_mode: str = "json_schema",
        extra_body: dict | None = None,
        timeout_seconds: float = 30,
        max_retries: int = 2,
        context_tokens: int = 0,
        max_output_tokens: int = 600,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
        max_retry_after: float = MAX_RETRY_AFTER,
    ):
        if json_mode not in JSON_MODES:
            raise ConfigError(
                f"OPENAI_JSON_MODE must be one of {', '.join(JSON_MODES)}"
            )
        self.model = model
        self.eval_model = eval_model or model
        self.json_mode = json_mode
        self.extra_body = extra_body or {}
        self.max_retries = max_retries
        self.context_tokens = context_tokens
        self.max_output_tokens = max_output_tokens
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        # Local servers need no key, but the SDK insists on one.
        self.client = OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",
            timeout=timeout_seconds,
            max_retries=0,
        )
        self._lock = threading.Lock()
        self._last_error: str | None = None
        self._warning: str | None = None
        self._probe: dict | None = None
        self._probed_at = 0.0

    # -- health -----------------------------------------------------------------
    def _record(self, error: Exception | None) -> None:
        with self._lock:
            self._last_error = (
                None if error is None else f"{type(error).__name__}: {error}"[:300]
            )

    def _warn(self, message: str) -> None:
        log.warning("OpenAI-compatible provider: %s", message)
        with self._lock:
            self._warning = message

    def probe(self, force: bool = False) -> dict:
        """What the server offers (GET /models), cached for a few minutes."""
        if not force and time.monotonic() - self._probed_at < PROBE_TTL_SECONDS:
            return self._probe or {}
        try:
            listed = self.client.models.list(timeout=5)
            models = [model.id for model in listed.data]
            context = next(
                (
                    getattr(model, "max_model_len", None)
                    for model in listed.data
                    if model.id == self.model
                ),
                None,
            )
            result = {
                "reachable": True,
                "models": models[:20],
                "model_listed": self.model in models,
                "server_context_tokens": context,
            }
        except openai.OpenAIError as exc:
            result = {"reachable": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
        if result.get("server_context_tokens") and not self.context_tokens:
            self.context_tokens = int(result["server_context_tokens"])
        self._probe, self._probed_at = result, time.monotonic()
        return result

    def health(self) -> dict:
        server = self.probe()
        with self._lock:
            degraded = self._last_error or not server.get("reachable", False)
            return {
                "provider": self.name,
                "model": self.model,
                "status": "degraded" if degraded else "ok",
                "last_error": self._last_error
                or (None if server.get("reachable") else server.get("error")),
                "eval_model": self.eval_model,
                "json_mode": self.json_mode,
                "context_tokens": self.context_tokens or None,
                "warning": self._warning,
                "server": server,
            }

    # -- calls ------------------------------------------------------------------
    def _check_context(self, prompt: dict, extra: str = "", output: int = 0) -> None:
        if not self.context_tokens:
            return
        needed = estimate_tokens(prompt.get("system", ""), prompt["contents"], extra)
        if needed + output > self.context_tokens:
            self._warn(
                f"a prompt of about {needed} tokens plus {output} for the answer "
                f"exceeds OPENAI_CONTEXT_TOKENS={self.context_tokens}; the server "
                "may cut it"
            )

    def _with_retries(self, call):
        """Run `call` (which fails before anything was shown) with bounded retries."""
        for attempt in range(self.max_retries + 1):
            try:
                return call()
            except Exception as exc:
                self._record(exc)
                if attempt == self.max_retries or not _retryable(exc):
                    raise ProviderError(
                        f"OpenAI-compatible server failed: {exc}"
                    ) from exc
                delay = _retry_after(exc)
                if delay is None:
                    delay = self.backoff[min(attempt, len(self.backoff) - 1)]
                delay = min(max(delay, 0.0), self.max_retry_after)
                log.warning(
                    "OpenAI-compatible call failed (%s); retry %d in %.1fs",
                    type(exc).__name__,
                    attempt + 1,
                    delay,
                )
                time.sleep(delay)
        raise AssertionError("unreachable")

    @staticmethod
    def _messages(prompt: dict, system_extra: str = "") -> list[dict]:
        system = "\n\n".join(p for p in (prompt.get("system"), system_extra) if p)
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": prompt["contents"]})
        return messages

    def stream_reply(self, prompt: dict) -> TurnStream:
        """Stream an interviewer turn: `prompt` has `system`, `contents` and options."""
        max_tokens = prompt.get("max_output_tokens", self.max_output_tokens)
        self._check_context(prompt, output=max_tokens)
        request = {
            "model": self.model,
            "messages": self._messages(prompt),
            "max_tokens": max_tokens,
            "temperature": prompt.get("temperature", 0.7),
            "stream": True,
            "stream_options": {"include_usage": True},
            "extra_body": self.extra_body or None,
        }

        def open_chunks(stream: TurnStream):
            thoughts = ThinkFilter()

            def first_text():
                """Open the stream and read up to its first visible text."""
                chunks = iter(self.client.chat.completions.create(**request))
                for chunk in chunks:
                    finished = self._take(stream, chunk)
                    text = thoughts.feed(_content(chunk))
                    if text or finished:
                        return text, chunks, finished
                raise _EarlyEnd("the stream ended before any text")

            text, chunks, finished = self._with_retries(first_text)
            try:
                if text:
                    yield text
                for chunk in chunks:
                    finished = self._take(stream, chunk) or finished
                    text = thoughts.feed(_content(chunk))
                    if text:
                        yield text
                rest = thoughts.flush()
                if rest:
                    yield rest
            except Exception as exc:  # after text was sent: the caller falls back
                self._record(exc)
                raise ProviderError(f"OpenAI-compatible stream broke: {exc}") from exc
            if not finished:
                error = ProviderError("the stream ended without a finish reason")
                self._record(error)
                raise error
            self._record(None)

        return TurnStream(self.name, self.model, open_chunks)

    def _take(self, stream: TurnStream, chunk) -> bool:
        """Record usage (the last chunk, with no choices); True once finished."""
        usage = getattr(chunk, "usage", None)
        if usage is not None:
            stream.prompt_tokens = usage.prompt_tokens
            stream.output_tokens = usage.completion_tokens
            if self.context_tokens and usage.prompt_tokens >= self.context_tokens:
                self._warn(
                    f"the server counted {usage.prompt_tokens} prompt tokens, at or "
                    f"over OPENAI_CONTEXT_TOKENS={self.context_tokens}"
                )
        return any(choice.finish_reason for choice in chunk.choices or [])

    def generate_json(self, task: str, prompt: dict, schema: dict) -> dict:
        """Ask for JSON matching `schema` in the configured mode; validated."""
        model = self.eval_model if task in EVALUATOR_TASKS else self.model
        mode = self.json_mode
        try:
            text = self._complete_json(task, prompt, schema, model, mode)
        except ProviderError as exc:
            if mode == "prompt" or not _mode_refused(exc.__cause__):
                raise
            self._warn(f"the server refused {mode} output; using prompt mode")
            self.json_mode = "prompt"
            text = self._complete_json(task, prompt, schema, model, "prompt")
        try:
            answer = parse_json_answer(text, schema)
        except ValueError as exc:
            self._record(exc)
            raise InvalidOutput(f"invalid JSON for {task}: {exc}") from exc
        self._record(None)
        return answer

    def _complete_json(self, task, prompt, schema, model, mode) -> str:
        instruction = "" if mode == "json_schema" else schema_instruction(schema)
        max_tokens = prompt.get("max_output_tokens", 4096)
        self._check_context(prompt, instruction, output=max_tokens)
        request = {
            "model": model,
            "messages": self._messages(prompt, instruction),
            "max_tokens": max_tokens,
            "temperature": prompt.get("temperature", 0.2),
            "extra_body": self.extra_body or None,
        }
        if mode == "json_schema":
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": task, "schema": schema},
            }
        elif mode == "json_object":
            request["response_format"] = {"type": "json_object"}

        def call():
            return self.client.chat.completions.create(**request)

        response = self._with_retries(call)
        choices = response.choices or []
        text = (choices[0].message.content or "") if choices else ""
        return strip_thoughts(text)


def _content(chunk) -> str:
    """The visible content of a chunk; reasoning_content is deliberately not read."""
    if not chunk.choices:
        return ""
    return chunk.choices[0].delta.content or ""


def _extra_body(raw: str | None) -> dict:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConfigError("OPENAI_EXTRA_BODY is not valid JSON") from exc
    if not isinstance(value, dict):
        raise ConfigError("OPENAI_EXTRA_BODY must be a JSON object")
    return value


def create_provider(config) -> OpenAIProvider:
    """Build the provider from app config; ConfigError when it is incomplete."""
    if not config.get("OPENAI_BASE_URL"):
        raise ConfigError("AI_PROVIDER is openai but OPENAI_BASE_URL is not set")
    if not config.get("OPENAI_MODEL"):
        raise ConfigError("AI_PROVIDER is openai but OPENAI_MODEL is not set")
    provider = OpenAIProvider(
        base_url=config["OPENAI_BASE_URL"],
        api_key=config.get("OPENAI_API_KEY"),
        model=config["OPENAI_MODEL"],
        eval_model=config.get("OPENAI_EVAL_MODEL"),
        json_mode=(config.get("OPENAI_JSON_MODE") or "json_schema").lower(),
        extra_body=_extra_body(config.get("OPENAI_EXTRA_BODY")),
        timeout_seconds=config.get("OPENAI_TIMEOUT_SECONDS") or 30,
        max_retries=config.get("OPENAI_MAX_RETRIES", 2),
        context_tokens=config.get("OPENAI_CONTEXT_TOKENS") or 0,
    )
    server = provider.probe(force=True)
    log.info(
        "OpenAI-compatible server at %s: %s",
        config["OPENAI_BASE_URL"],
        json.dumps({k: v for k, v in server.items() if k != "models"}),
    )
    return provider
