"""The one interface every AI provider implements; the rest of Viva talks only to this.

A provider streams interviewer replies and returns structured JSON for named tasks. It
knows nothing of Flask requests, sockets or the database: callers hand it plain data.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator


class ProviderError(Exception):
    """A provider could not answer (network, quota, refusal, malformed output)."""


class UnsupportedTask(ProviderError):
    """The provider has no answer for this structured-output task."""


class InvalidOutput(ProviderError):
    """The provider answered, but not with what was asked for (e.g. invalid JSON)."""


class AIProvider(ABC):
    """Stream a reply, return structured JSON, report health.

    `name` is the configured provider ("offline", "gemini"); `model` names what answers.
    """

    name: str = ""
    model: str = ""
    # True when the same prompt always gets the same answer (no need to sample twice).
    deterministic: bool = False

    @abstractmethod
    def stream_reply(self, prompt: dict) -> Iterator[str]:
        """Yield the text of one interviewer turn in chunks.

        `prompt` holds plain data: `instruction` (what the turn must do), `context`
        (persona, role, product, the current question thread) and `fallback` (the text
        to say when no model can be reached, e.g. the next planned question, verbatim).
        """

    @abstractmethod
    def generate_json(self, task: str, prompt: dict, schema: dict) -> dict:
        """Answer a named task (e.g. "draft_questions") with JSON matching `schema`.

        `schema` is a JSON Schema object describing the expected answer; callers still
        validate what comes back, since a model can return anything.
        """

    @abstractmethod
    def health(self) -> dict:
        """{provider, model, status: "ok" | "degraded", last_error}."""
