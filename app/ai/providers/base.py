"""The one interface every AI provider implements; the rest of Viva talks only to this.

A provider streams interviewer replies (always as a TurnStream) and returns structured
JSON for named tasks. It knows nothing of Flask requests, sockets or the database:
callers hand it plain data, and it never decides the plan or the fallback wording.
"""

from abc import ABC, abstractmethod

from app.ai.providers.streams import TurnStream


class ProviderError(Exception):
    """A provider could not answer (network, quota, refusal, malformed output)."""


class UnsupportedTask(ProviderError):
    """The provider has no answer for this structured-output task."""


class InvalidOutput(ProviderError):
    """The provider answered, but not with what was asked for (e.g. invalid JSON)."""


class AIProvider(ABC):
    """Stream a reply, return structured JSON, report health.

    `name` is the configured provider ("offline", "gemini", ...); `model` names what
    answers. One instance serves every request and background task of a process, so
    methods must be safe to call from several threads or greenlets at once.
    """

    name: str = ""
    model: str = ""
    # True when the same prompt always gets the same answer (no need to sample twice).
    deterministic: bool = False

    @abstractmethod
    def stream_reply(self, prompt: dict) -> TurnStream:
        """Stream the AI's part of one interviewer turn; return a TurnStream.

        The planned question itself is never the provider's: the caller says it
        verbatim after this text. `prompt` (app/ai/prompts.turn_prompt) is plain data:
        `system` (str: persona, role, product context and the rules; candidate text is
        delimited data, never instructions), `contents` (str: the earlier threads'
        summary, the current question thread and the task of this turn), `turn` (dict:
        the same turn as plain fields, `kind` greeting | question | follow_up | closing
        among them, for providers that word turns themselves, as the offline one
        does), `max_output_tokens` (int) and optionally `temperature` (float).

        Calling this starts nothing: the request is made when the TurnStream is first
        iterated (build it as `TurnStream(self.name, self.model, open_chunks)`, where
        `open_chunks(stream)` yields non-empty str chunks and may set
        `stream.prompt_tokens` and `stream.output_tokens`). A provider that paces its
        output sleeps inside `open_chunks`. Every failure (network, timeout, quota,
        refusal, a stream cut or ended without a finish) raises ProviderError from
        the iteration, before or after the first chunk (`stream.chunks_sent` tells
        which); the caller then words the turn with the offline provider instead.
        Retries are allowed only before the first chunk.
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
