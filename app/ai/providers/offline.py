"""The offline provider: deterministic, no network, the default without an API key.

Structured tasks are answered from built-in data (question drafts come from the question
bank, rubrics from the competency vocabulary; answers are scored by
app/ai/offline_evaluator.py). Interviewer turns are worded by app/ai/interviewer.py
from the turn's plain data: an honest interviewer that never invents content. It is
also the fallback that words a turn when another provider fails. Its turns stream
word by word, paced like a model (`chunk_delay_seconds`).
"""

import re
import time

from app.ai import (
    bank,
    competencies,
    insight_rules,
    insights,
    interviewer,
    offline_evaluator,
)
from app.ai.providers.base import AIProvider, UnsupportedTask
from app.ai.providers.streams import TurnStream

DEFAULT_REPLY = "Thank you. Let's continue."


def word_chunks(text: str) -> list[str]:
    """Text split into words with their trailing whitespace, as a stream sends it."""
    return re.findall(r"\S+\s*|^\s+", text)


class OfflineProvider(AIProvider):
    """Answers from Viva's own data; the same input always gives the same output."""

    name = "offline"
    model = "viva-offline-1"
    deterministic = True

    def __init__(self, chunk_delay_seconds: float = 0.0):
        self.chunk_delay_seconds = chunk_delay_seconds

    def stream_reply(self, prompt: dict) -> TurnStream:
        """Word the turn in `prompt["turn"]` (or acknowledge) and stream it word by
        word, pausing `chunk_delay_seconds` between words."""
        turn = prompt.get("turn")
        text = (interviewer.lead_in(turn) if turn else "").strip() or DEFAULT_REPLY

        def open_chunks(_stream: TurnStream):
            for index, chunk in enumerate(word_chunks(text)):
                if index and self.chunk_delay_seconds:
                    time.sleep(self.chunk_delay_seconds)
                yield chunk

        return TurnStream(self.name, self.model, open_chunks)

    def generate_json(self, task: str, prompt: dict, schema: dict) -> dict:
        """Draft questions from the bank or a rubric from the competency vocabulary,
        score an answer, or derive analytics insights from the statistics; other
        tasks: unsupported."""
        if task == "draft_questions":
            return {"questions": bank.select_questions(prompt)}
        if task == "draft_rubric":
            return {"competencies": competencies.draft_rubric(prompt)}
        if task == "evaluate_answer":
            return offline_evaluator.evaluate(prompt["data"], prompt["weights"])
        if task == insights.TASK:
            report = prompt["report"]
            return {"observations": insight_rules.derive_observations(report)}
        raise UnsupportedTask(f"The offline provider cannot answer {task!r}.")

    def health(self) -> dict:
        """Always ok: nothing here can fail at run time."""
        return {
            "provider": self.name,
            "model": self.model,
            "status": "ok",
            "last_error": None,
        }


def create_provider(config) -> OfflineProvider:
    """The offline provider; AI_OFFLINE_CHUNK_DELAY_MS paces its turns."""
    delay_ms = config.get("AI_OFFLINE_CHUNK_DELAY_MS") or 0
    return OfflineProvider(chunk_delay_seconds=delay_ms / 1000)
