"""The offline interviewer answers a candidate's question about the role from the
recruiter's FAQ (what happens next, salary, the team), instead of improvising.

Simple matching: the message must read as a question, and share a topic (a group of
synonyms such as pay/salary/compensation) or at least two content words with one
FAQ question. No match: None, and the interview goes on as planned.
"""

import re

TOPICS = (
    {"next", "hear", "timeline", "happens", "after", "steps", "process", "when"},
    {"salary", "pay", "compensation", "paid", "range", "money", "equity", "bonus"},
    {"team", "teams", "colleagues", "manager", "work", "working", "who"},
    {"remote", "office", "hybrid", "location", "onsite", "relocate", "relocation"},
    {"benefits", "holiday", "holidays", "vacation", "leave", "pension", "insurance"},
)
QUESTION_STARTS = (
    "what",
    "when",
    "how",
    "who",
    "will",
    "is",
    "are",
    "can",
    "could",
    "do",
    "does",
    "may",
    "should",
    "where",
    "which",
)
STOP_WORDS = {
    "the", "and", "for", "you", "your", "are", "what", "how", "this", "that", "with",
    "about", "will", "can", "does", "there", "have", "from", "role", "job", "who",
    "when", "after", "work",
}  # fmt: skip


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def reads_as_question(message: str) -> bool:
    """A question mark, or a sentence starting with a question word."""
    text = message.strip().lower()
    return "?" in text or text.startswith(QUESTION_STARTS)


def _topics(words: set[str]) -> set[int]:
    return {index for index, topic in enumerate(TOPICS) if words & topic}


def matching_answer(message: str, faq: list[dict] | None) -> str | None:
    """The FAQ answer to the candidate's question, or None when none fits."""
    if not faq or not message or not reads_as_question(message):
        return None
    said = _words(message)
    best, best_score = None, 0
    for item in faq:
        asked = _words(item["question"])
        shared = (said & asked) - STOP_WORDS
        topics = _topics(said - {"who", "when", "after", "work"}) & _topics(asked)
        score = 2 * len(topics) + len(shared)
        if (topics or len(shared) >= 2) and score > best_score:
            best, best_score = item["answer"], score
    return best
