"""Text to speech through an OpenAI-compatible `/v1/audio/speech` service, with the
official `openai` SDK: the interviewer's turns read aloud when the candidate chooses
voice. Without a configured service the page uses the browser's own speech synthesis.
No Flask globals here: the edge passes the settings.
"""

import logging
import threading
from dataclasses import dataclass

import openai

from app.errors import ConfigError, ServiceUnavailable

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 4096  # the /v1/audio/speech API's own limit
UNCONFIGURED = "Text to speech is not configured: your browser's voice is used instead."
FAILED = "The voice service did not answer: your browser's voice is used instead."


@dataclass(frozen=True)
class SpeechSettings:
    """Where the speech service is and how to call it (TTS_* configuration)."""

    base_url: str | None
    api_key: str | None
    model: str
    voice: str
    timeout_seconds: float

    @classmethod
    def from_config(cls, config) -> "SpeechSettings":
        return cls(
            base_url=config.get("TTS_BASE_URL") or None,
            api_key=config.get("TTS_API_KEY") or None,
            model=config.get("TTS_MODEL") or "tts-1",
            voice=config.get("TTS_VOICE") or "alloy",
            timeout_seconds=float(config.get("TTS_TIMEOUT_SECONDS") or 20),
        )

    @property
    def configured(self) -> bool:
        return bool(self.base_url)


_clients: dict[SpeechSettings, openai.OpenAI] = {}
_clients_lock = threading.Lock()


def _client(settings: SpeechSettings) -> openai.OpenAI:
    """One SDK client per configuration (it keeps its connection pool)."""
    with _clients_lock:
        if settings not in _clients:
            _clients[settings] = openai.OpenAI(
                base_url=settings.base_url,
                # Local servers take any key; the SDK insists on one.
                api_key=settings.api_key or "not-needed",
                timeout=settings.timeout_seconds,
                max_retries=0,  # a late voice is no use: the browser speaks instead
            )
        return _clients[settings]


def synthesize(settings: SpeechSettings, text: str, voice: str | None = None) -> bytes:
    """The text spoken, as MP3 bytes. ConfigError (503) when no service is
    configured, ServiceUnavailable (503) when it fails; the page then falls back to
    the browser's voice."""
    if not settings.configured:
        raise ConfigError(UNCONFIGURED)
    try:
        response = _client(settings).audio.speech.create(
            model=settings.model,
            voice=voice or settings.voice,
            input=text[:MAX_TEXT_CHARS],
            response_format="mp3",
        )
        audio = response.read()
    except openai.OpenAIError as error:  # HTTP errors, timeouts, refused connections
        log.warning("Text to speech failed: %s", type(error).__name__)
        raise ServiceUnavailable(FAILED) from error
    if not audio:
        raise ServiceUnavailable(FAILED)
    return audio
