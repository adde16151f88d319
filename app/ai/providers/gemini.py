"""Google Gemini through the google-genai SDK.

Interviewer turns stream with thinking off and a bounded `max_output_tokens`. Before the
first chunk, 429s, 5xx, timeouts and refused connections are retried at most twice with
backoff; a stream never restarts once text has been sent (the caller falls back
instead). Structured output uses JSON mode with a response schema. Token counts and
latency are recorded on each TurnStream.
"""

import json
import logging
import threading
import time

import httpx2
from google import genai
from google.genai import errors, types

from app.ai.providers.base import AIProvider, InvalidOutput, ProviderError
from app.ai.providers.streams import TurnStream
from app.errors import ConfigError

log = logging.getLogger(__name__)

RETRYABLE_STATUS = {408, 429, 500, 502, 503, 504}
MAX_RETRIES = 2
BACKOFF_SECONDS = (0.5, 1.5)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, errors.APIError):
        return exc.code in RETRYABLE_STATUS
    return isinstance(exc, httpx2.TransportError)


def _thinking_off(model: str) -> types.ThinkingConfig:
    """No thinking before interviewer turns: it adds seconds before the first token."""
    if model.startswith("gemini-2"):
        return types.ThinkingConfig(thinking_budget=0)
    return types.ThinkingConfig(thinking_level=types.ThinkingLevel.MINIMAL)


class GeminiProvider(AIProvider):
    name = "gemini"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout_seconds: float = 20,
        max_output_tokens: int = 600,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
    ):
        self.model = model
        self.max_output_tokens = max_output_tokens
        self.backoff = backoff
        options = types.HttpOptions(
            base_url=base_url, timeout=int(timeout_seconds * 1000)
        )
        # Keep the client referenced: a dropped client closes its connections.
        self.client = genai.Client(api_key=api_key, http_options=options)
        self._lock = threading.Lock()
        self._last_error: str | None = None
        self._last_error_at: float | None = None

    # -- health ---------------------------------------------------------------------
    def _record(self, error: Exception | None) -> None:
        with self._lock:
            if error is None:
                self._last_error = None
            else:
                self._last_error = f"{type(error).__name__}: {error}"[:300]
                self._last_error_at = time.time()

    def health(self) -> dict:
        with self._lock:
            return {
                "provider": self.name,
                "model": self.model,
                "status": "degraded" if self._last_error else "ok",
                "last_error": self._last_error,
            }

    # -- calls ----------------------------------------------------------------------
    def _with_retries(self, call):
        """Run `call` (which must fail before sending anything) with bounded retries."""
        for attempt in range(MAX_RETRIES + 1):
            try:
                return call()
            except Exception as exc:  # classified below; anything else is not retried
                self._record(exc)
                if attempt == MAX_RETRIES or not _retryable(exc):
                    raise ProviderError(f"Gemini failed: {exc}") from exc
                delay = self.backoff[min(attempt, len(self.backoff) - 1)]
                log.warning(
                    "Gemini call failed (%s); retry %d in %.1fs",
                    exc,
                    attempt + 1,
                    delay,
                )
                time.sleep(delay)
        raise AssertionError("unreachable")

    def stream_reply(self, prompt: dict) -> TurnStream:
        """Stream an interviewer turn: `prompt` has `system`, `contents` and options."""
        config = types.GenerateContentConfig(
            system_instruction=prompt.get("system"),
            max_output_tokens=prompt.get("max_output_tokens", self.max_output_tokens),
            temperature=prompt.get("temperature", 0.7),
            thinking_config=_thinking_off(self.model),
        )

        def open_chunks(stream: TurnStream):
            def first_chunk():
                iterator = iter(
                    self.client.models.generate_content_stream(
                        model=self.model, contents=prompt["contents"], config=config
                    )
                )
                return next(iterator, None), iterator

            first, iterator = self._with_retries(first_chunk)
            finished = False
            try:
                chunk = first
                while chunk is not None:
                    finished = finished or _finished(chunk)
                    _record_usage(stream, chunk)
                    if chunk.text:
                        yield chunk.text
                    chunk = next(iterator, None)
            except Exception as exc:  # a failure after text was sent: caller falls back
                self._record(exc)
                raise ProviderError(f"Gemini stream broke: {exc}") from exc
            if not finished:
                error = ProviderError("Gemini stream ended without a finish reason")
                self._record(error)
                raise error
            self._record(None)

        return TurnStream(self.name, self.model, open_chunks)

    def generate_json(self, task: str, prompt: dict, schema: dict) -> dict:
        """Ask for JSON matching `schema` (JSON mode); raises ProviderError if bad."""
        config = types.GenerateContentConfig(
            system_instruction=prompt.get("system"),
            temperature=prompt.get("temperature", 0.2),
            max_output_tokens=prompt.get("max_output_tokens", 4096),
            response_mime_type="application/json",
            response_json_schema=schema,
        )

        def call():
            return self.client.models.generate_content(
                model=self.model, contents=prompt["contents"], config=config
            )

        response = self._with_retries(call)
        try:
            answer = json.loads(response.text or "")
        except ValueError as exc:
            self._record(exc)
            raise InvalidOutput(f"Gemini returned invalid JSON for {task}") from exc
        self._record(None)
        return answer


def _finished(chunk) -> bool:
    return any(c.finish_reason for c in (chunk.candidates or []))


def _record_usage(stream: TurnStream, chunk) -> None:
    usage = chunk.usage_metadata
    if usage is not None:
        stream.prompt_tokens = usage.prompt_token_count or stream.prompt_tokens
        stream.output_tokens = usage.candidates_token_count or stream.output_tokens


def create_provider(config) -> GeminiProvider:
    """Build the provider from app config; ConfigError when no key is configured."""
    if not config.get("GEMINI_API_KEY"):
        raise ConfigError("AI_PROVIDER is gemini but GEMINI_API_KEY is not set")
    return GeminiProvider(
        api_key=config.get("GEMINI_API_KEY") or "",
        model=config.get("GEMINI_MODEL") or "gemini-2.5-flash",
        base_url=config.get("GEMINI_BASE_URL"),
        timeout_seconds=config.get("GEMINI_TIMEOUT_SECONDS") or 20,
    )
