"""The offline interviewer's wording: deterministic, varied, and about what was said.

Used by the offline provider, and by the conductor as the fallback wording whenever a
real model fails, so a candidate always gets a sensible next turn.
"""

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from app.ai.coverage import read_point, said_ideas
from app.ai.faq_answers import matching_answer
from app.ai.words import STOPWORDS  # noqa: F401  (older imports of it from here)

PHRASES_DIR = Path(__file__).with_name("phrases")
DEFAULT_LANGUAGE = "en"


@cache
def phrases(language: str | None = None) -> dict:
    """The interviewer's phrases in a language (app/ai/phrases/<language>.json): the
    interview's language when Viva has a file for it, English otherwise."""
    base = (language or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()
    path = PHRASES_DIR / f"{base}.json"
    if not base.isalpha() or not path.is_file():
        path = PHRASES_DIR / f"{DEFAULT_LANGUAGE}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _phrases(turn: dict) -> dict:
    return phrases(turn.get("language"))


# English, for older imports; {topic} is always a noun phrase from
# key_point_terms.json ("the query plan", "retries"), named only when the answer said
# it: never a single word lifted out of the answer.
ACKNOWLEDGEMENTS = phrases()["acknowledgements"]
PAIR_ACKNOWLEDGEMENTS = phrases()["pair_acknowledgements"]
PLAIN_ACKNOWLEDGEMENTS = phrases()["plain_acknowledgements"]
DONT_KNOW_ACKNOWLEDGEMENTS = phrases()["dont_know_acknowledgements"]
FOLLOW_UPS = phrases()["follow_ups"]
SHORT_FOLLOW_UPS = phrases()["short_follow_ups"]


def _with_name(text: str, name: str, **values) -> str:
    """Fill a phrase; with no name to use, drop the placeholder and its comma."""
    if not name:
        text = re.sub(r",?\s*\{name\}", "", text)
    return text.format(name=name, **values)


def pick(options: list[str], seed: str) -> str:
    """A deterministic choice from options for a seed (same seed, same wording)."""
    digest = hashlib.sha256(seed.encode()).digest()
    return options[digest[0] % len(options)]


def said_topics(answer: str, key_points: list[str] | None = None) -> list[str]:
    """Ideas the answer said, as noun phrases to refer back to: those of the
    question's key points first, then any other the vocabulary knows."""
    said = said_ideas(answer)
    wanted = {g.label for p in key_points or [] for g in read_point(p).groups}
    return [label for label in said if label in wanted] + [
        label for label in said if label not in wanted
    ]


def first_name(full_name: str, language: str | None = None) -> str:
    """The first word of a name, or the language's neutral word (may be empty)."""
    parts = (full_name or "").split()
    return parts[0] if parts else phrases(language)["there"]


def greeting(turn: dict) -> str:
    """Introduce the AI interviewer and how the interview works, in the interview's
    language (in practice: no hiring team, and no time limit unless one is set)."""
    words = _phrases(turn)
    minutes = turn.get("time_limit_minutes")
    count = turn.get("question_count")
    plan = words["plan"]["one" if count == 1 else "other"].format(count=count)
    if minutes:
        plan += words["plan_minutes"].format(minutes=minutes)
    name = first_name(turn.get("candidate_name", ""), turn.get("language"))
    if turn.get("practice"):
        role = re.sub(r"\s+practice$", "", turn["role_title"], flags=re.IGNORECASE)
        pace = words["practice_pace"]["timed" if minutes else "untimed"]
        return _with_name(
            words["practice_greeting"],
            name,
            persona=turn["persona_name"],
            role=role,
            pace=pace,
            plan=plan,
        )
    if not minutes:
        plan += words["plan_untimed"]
    return _with_name(
        words["greeting"],
        name,
        persona=turn["persona_name"],
        role=turn["role_title"],
        company=turn["company"],
        plan=plan,
    )


def acknowledgement(turn: dict) -> str:
    """Briefly acknowledge the last answer, naming what it covered when it can (in
    English, whose vocabulary names topics; other languages acknowledge plainly)."""
    words = _phrases(turn)
    seed = f"{turn.get('seed', '')}:ack"
    if turn.get("dont_know"):
        return pick(words["dont_know_acknowledgements"], seed)
    answer = turn.get("candidate_answer", "")
    topics = said_topics(answer, turn.get("key_points")) if len(answer) > 20 else []
    if not words["acknowledgements"]:
        topics = []
    # Some plain acknowledgements among the specific ones, so it never sounds canned.
    if not topics or pick([True, True, False], f"{seed}:plain") is False:
        return pick(words["plain_acknowledgements"], seed)
    if len(topics) > 1 and pick([True, False], f"{seed}:pair"):
        return pick(words["pair_acknowledgements"], seed).format(
            topic=topics[0], other=topics[1]
        )
    return pick(words["acknowledgements"], seed).format(topic=topics[0])


def follow_up(turn: dict) -> str:
    """One probing follow-up question for a short or vague answer."""
    words = _phrases(turn)
    seed = f"{turn.get('seed', '')}:follow"
    if turn.get("short_answer"):
        return pick(words["short_follow_ups"], seed)
    return pick(words["follow_ups"], seed)


def closing(turn: dict) -> str:
    """Thank the candidate and say what happens next."""
    words = _phrases(turn)
    name = first_name(turn.get("candidate_name", ""), turn.get("language"))
    if turn.get("practice"):
        return _with_name(words["practice_closing"], name)
    return _with_name(
        words["closing"],
        name,
        company=turn["company"],
    )


def time_up_closing(turn: dict) -> str:
    """The closing when the time limit has been reached."""
    return _phrases(turn)["time_up"] + closing(turn)


def faq_reply(turn: dict) -> str | None:
    """The recruiter's FAQ answer when the candidate asked about the role."""
    answer = matching_answer(turn.get("candidate_answer", ""), turn.get("faq"))
    return f"Good question. The hiring team says: {answer}" if answer else None


def lead_in(turn: dict) -> str:
    """The offline wording of a turn's AI part (the planned question follows it)."""
    kind = turn["kind"]
    if kind == "greeting":
        return greeting(turn)
    reply = faq_reply(turn) if kind in ("question", "follow_up") else None
    if kind == "question":
        return reply or acknowledgement(turn)
    if kind == "follow_up":
        return f"{reply} {follow_up(turn)}" if reply else follow_up(turn)
    if turn.get("time_up"):
        return time_up_closing(turn)
    return closing(turn)
