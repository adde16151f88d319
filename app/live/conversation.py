"""The conversation as the interviewer's prompt sees it: the current question thread
and a short summary of the earlier ones, so prompt size stays bounded however long the
interview runs. Plain data out; the candidate's words are marked as theirs (the prompt
builder delimits them)."""

import re

from app.ai.injection import is_injection
from app.models import Message, Question

SUMMARY_LINES = 3
SUMMARY_ANSWER_CHARS = 100
DONT_KNOW = re.compile(
    r"\b(i\s*(?:do\s*not|don'?t)\s*know|no idea|not sure|no clue|i'?m not familiar"
    r"|(?:let'?s|can we) (?:skip|move on)|skip(?: this)?|pass"
    # The same in the other shipped languages (see app/i18n).
    r"|no (?:lo )?sé|no lo se|ni idea|no estoy segur[oa]"
    r"|je ne sais pas|je sais pas|aucune idée|pas sûr"
    r"|wei(?:ß|ss) ich nicht|ich wei(?:ß|ss) (?:es )?nicht|keine ahnung"
    r"|nicht sicher)\b",
    re.IGNORECASE,
)


def is_dont_know(answer: str) -> bool:
    """A candidate saying they do not know: move on without re-asking."""
    return len(answer.split()) <= 25 and bool(DONT_KNOW.search(answer))


def thread(messages: list[Message], question_id: int | None) -> list[Message]:
    """The messages of one question's thread (its asking, follow-ups and answers)."""
    return [
        m for m in messages if question_id is not None and m.question_id == question_id
    ]


def latest_answer(messages: list[Message]) -> str:
    """The candidate's answer to the last interviewer turn: the messages written
    since it, as one (a candidate may write several before the interviewer replies)."""
    parts = []
    for message in reversed(messages):
        if message.role != "candidate":
            break
        parts.append(message.content)
    return "\n\n".join(reversed(parts))


def thread_context(
    current: Question | None, messages: list[Message], summary: list[tuple[str, str]]
) -> dict:
    """The prompt's view of the current question thread and the earlier ones."""
    last_answer = latest_answer(messages)
    current_thread = thread(messages, current.id if current else None)
    # A thread where the candidate tries to instruct the interviewer: the model is not
    # given the key points, so even a model that obeys cannot reveal them.
    attempted = any(
        m.role == "candidate" and is_injection(m.content) for m in current_thread
    )
    return {
        "earlier_answers": summary,
        "current_question": current.text if current else "",
        "key_points": list(current.key_points) if current and not attempted else [],
        "injection_attempt": attempted,
        "thread": [(m.role, m.content) for m in current_thread],
        "candidate_answer": last_answer,
        "topic_hints": (
            list(current.key_points) + list(current.skills) if current else []
        ),
        "short_answer": len(last_answer.split()) < 20,
        "dont_know": bool(last_answer) and is_dont_know(last_answer),
    }


def summary_lines(
    questions: dict[int, Question], messages: list[Message], current_id: int | None
) -> list[tuple[str, str]]:
    """(question, start of the answer) of the last SUMMARY_LINES threads asked before
    the current one, oldest first. The answer part is candidate text."""
    asked: list[int] = []
    for message in messages:
        qid = message.question_id
        if qid is not None and qid != current_id and qid not in asked:
            asked.append(qid)
    lines = []
    for qid in asked[-SUMMARY_LINES:]:
        question = questions.get(qid)
        if question is None:
            continue
        answers = " ".join(
            m.content for m in thread(messages, qid) if m.role == "candidate"
        )
        said = re.sub(r"\s+", " ", answers)[:SUMMARY_ANSWER_CHARS] or "(no answer)"
        lines.append((f"Q{question.position + 1} ({question.text[:40]})", said))
    return lines
