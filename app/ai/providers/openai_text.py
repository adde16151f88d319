"""Text handling for OpenAI-compatible servers: hide reasoning, read JSON answers.

Reasoning models (DeepSeek-R1, Qwen3, ...) served by Ollama, vLLM or llama.cpp often
put their chain of thought in the content as `<think>...</think>`; ThinkFilter removes
it from a stream whose chunks may split the tags anywhere. `parse_json_answer` finds
the JSON object in a reply (code fences and thoughts around it are common in prompt
mode) and checks it against the task's JSON Schema.
"""

import json
import re

import jsonschema

OPEN_TAG, CLOSE_TAG = "<think>", "</think>"
_THOUGHTS = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def _partial_tag_at_end(text: str, tag: str) -> int:
    """Length of the longest suffix of `text` that is a proper prefix of `tag`."""
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:size]):
            return size
    return 0


class ThinkFilter:
    """Feed content chunks, get back what the candidate may see (no thoughts)."""

    def __init__(self):
        self._pending = ""
        self._thinking = False
        self._started = False

    def feed(self, chunk: str) -> str:
        """The visible text released by this chunk (may be empty)."""
        self._pending += chunk
        visible = []
        while self._pending:
            tag = CLOSE_TAG if self._thinking else OPEN_TAG
            index = self._pending.find(tag)
            if index >= 0:
                if not self._thinking:
                    visible.append(self._pending[:index])
                self._pending = self._pending[index + len(tag) :]
                self._thinking = not self._thinking
                continue
            held = _partial_tag_at_end(self._pending, tag)
            if not self._thinking:
                visible.append(self._pending[: len(self._pending) - held])
            self._pending = self._pending[len(self._pending) - held :]
            break
        return self._release("".join(visible))

    def flush(self) -> str:
        """What is left at the end of the stream (a dangling partial tag is text)."""
        rest, self._pending = ("" if self._thinking else self._pending), ""
        return self._release(rest)

    def _release(self, text: str) -> str:
        # Models often put blank lines after </think>: the turn starts at its words.
        if not self._started:
            text = text.lstrip()
            self._started = bool(text)
        return text


def strip_thoughts(text: str) -> str:
    """A whole reply without its <think> sections."""
    return _THOUGHTS.sub("", text or "").strip()


def schema_instruction(schema: dict) -> str:
    """The system-prompt paragraph that asks for JSON when the server cannot."""
    return (
        "Answer with one JSON object only, no prose and no code fences, matching "
        "this JSON Schema:\n" + json.dumps(schema, separators=(",", ":"))
    )


def parse_json_answer(text: str, schema: dict) -> dict:
    """The JSON object in a reply, checked against `schema`; ValueError if not."""
    text = strip_thoughts(text)
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the reply")
    answer = json.loads(text[start : end + 1])
    if not isinstance(answer, dict):
        raise ValueError("the reply is not a JSON object")
    try:
        jsonschema.validate(answer, schema)
    except jsonschema.ValidationError as exc:
        raise ValueError(f"the reply does not match the schema: {exc.message}") from exc
    return answer


def estimate_tokens(*texts: str) -> int:
    """A rough token count (4 characters a token) for the context-length warning."""
    return sum(len(text or "") for text in texts) // 4 + 1
