"""The offline provider: deterministic, no network, the default without an API key.

Structured tasks are answered from built-in data (question drafts come from the question
bank, rubrics from the competency vocabulary; answers are scored by
app/ai/offline_evaluator.py). Replies are the caller's planned fallback text, said
verbatim: an honest interviewer that never invents content.
"""

import re
from collections.abc import Iterator

from app.ai import bank, competencies, insight_rules, insights, offline_evaluator
from app.ai.providers.base import AIProvider, UnsupportedTask

DEFAULT_REPLY = "Thank you. Let's continue."


def word_chunks(text: str) -> list[str]:
    """Text split into words with their trailing whitespace, as a stream sends it."""
    return re.findall(r"\S+\s*|^\s+", text)


class OfflineProvider(AIProvider):
    """Answers from Viva's own data; the same input always gives the same output."""

    name = "offline"
    model = "viva-offline-1"
    deterministic = True

    def stream_reply(self, prompt: dict) -> Iterator[str]:
        """Yield the prompt's fallback text (or an acknowledgement) word by word."""
        text = (prompt.get("fallback") or "").strip() or DEFAULT_REPLY
        yield from word_chunks(text)

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
    """The offline provider needs no configuration."""
    return OfflineProvider()
