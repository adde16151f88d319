"""The offline interviewer's wording: deterministic, varied, and about what was said.

Used by the offline provider, and by the conductor as the fallback wording whenever a
real model fails, so a candidate always gets a sensible next turn.
"""

import hashlib
import re

from app.ai.coverage import read_point, said_ideas
from app.ai.faq_answers import matching_answer
from app.ai.words import STOPWORDS  # noqa: F401  (older imports of it from here)

# {topic} is always a noun phrase from key_point_terms.json ("the query plan",
# "retries"), named only when the answer said it: never a single word lifted out of
# the answer, so the sentence always reads as a person would write it.
ACKNOWLEDGEMENTS = [
    "Thanks, that's helpful, especially what you said about {topic}.",
    "Got it. I appreciate the detail on {topic}.",
    "Understood, thanks for walking me through {topic}.",
    "That makes sense. Thanks for explaining {topic}.",
    "Thank you. The part about {topic} was useful to hear.",
    "Thanks. I followed your reasoning on {topic}.",
]
PAIR_ACKNOWLEDGEMENTS = [
    "Thanks, that's helpful, especially what you said about {topic} and {other}.",
    "Got it. I appreciate the detail on {topic} and {other}.",
    "Thank you. The parts about {topic} and {other} were useful to hear.",
]
PLAIN_ACKNOWLEDGEMENTS = [
    "Thanks for your answer.",
    "Thank you, noted.",
    "Understood, thanks.",
    "Thanks, that's helpful.",
    "Got it, thank you.",
    "Thanks for walking me through that.",
    "That's clear, thank you.",
]
DONT_KNOW_ACKNOWLEDGEMENTS = [
    "No problem at all, let's move on.",
    "That's completely fine. Let's continue.",
    "Thanks for being upfront. Let's go on.",
]
FOLLOW_UPS = [
    (
        "Could you make that more concrete? Walk me through a specific example from "
        "your own work."
    ),
    "What trade-offs did you consider there, and why did you choose that approach?",
    "How would you know it worked? What would you measure or check?",
    (
        "What was your own part in that, specifically, and what would you do "
        "differently now?"
    ),
]
SHORT_FOLLOW_UPS = [
    "Could you say a bit more about that? A concrete example would help.",
    "Can you expand on that with a specific situation you've handled?",
]


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


def first_name(full_name: str) -> str:
    """The first word of a name, or a neutral greeting word."""
    parts = (full_name or "").split()
    return parts[0] if parts else "there"


def greeting(turn: dict) -> str:
    """Introduce the AI interviewer and how the interview works (in practice: no
    hiring team, and no time limit unless one is set)."""
    minutes = turn.get("time_limit_minutes")
    count = turn.get("question_count")
    plan = f"We'll go through {count} question{'s' if count != 1 else ''}"
    if minutes:
        plan += f" in about {minutes} minutes"
    hello = (
        f"Hi {first_name(turn.get('candidate_name', ''))}, I'm {turn['persona_name']}"
    )
    if turn.get("practice"):
        role = re.sub(r"\s+practice$", "", turn["role_title"], flags=re.IGNORECASE)
        pace = "There's no time limit, so take" if not minutes else "Take"
        return (
            f"{hello}, your AI practice interviewer for the {role} role. This is "
            "practice: nobody else sees it, and you'll get feedback on your answers "
            f"at the end. {pace} your time and answer as you would in a real "
            f"interview. {plan}. Let's begin."
        )
    if not minutes:
        plan += ", with no time limit"
    return (
        f"{hello}, an AI interviewer for the {turn['role_title']} role at "
        f"{turn['company']}. A person on the hiring team will review this "
        f"conversation, so take your time and answer in your own words. {plan}. "
        "Let's begin."
    )


def acknowledgement(turn: dict) -> str:
    """Briefly acknowledge the last answer, naming what it covered when it can."""
    seed = f"{turn.get('seed', '')}:ack"
    if turn.get("dont_know"):
        return pick(DONT_KNOW_ACKNOWLEDGEMENTS, seed)
    answer = turn.get("candidate_answer", "")
    topics = said_topics(answer, turn.get("key_points")) if len(answer) > 20 else []
    # Some plain acknowledgements among the specific ones, so it never sounds canned.
    if not topics or pick([True, True, False], f"{seed}:plain") is False:
        return pick(PLAIN_ACKNOWLEDGEMENTS, seed)
    if len(topics) > 1 and pick([True, False], f"{seed}:pair"):
        return pick(PAIR_ACKNOWLEDGEMENTS, seed).format(
            topic=topics[0], other=topics[1]
        )
    return pick(ACKNOWLEDGEMENTS, seed).format(topic=topics[0])


def follow_up(turn: dict) -> str:
    """One probing follow-up question for a short or vague answer."""
    seed = f"{turn.get('seed', '')}:follow"
    if turn.get("short_answer"):
        return pick(SHORT_FOLLOW_UPS, seed)
    return pick(FOLLOW_UPS, seed)


def closing(turn: dict) -> str:
    """Thank the candidate and say what happens next."""
    name = first_name(turn.get("candidate_name", ""))
    if turn.get("practice"):
        return (
            f"Thank you, {name}. That's the end of this practice interview. Your "
            "feedback is ready: a score for each answer, what went well, what was "
            "missing, and what to practise next."
        )
    return (
        f"Thank you, {name}. That's the end of the interview. The hiring team at "
        f"{turn['company']} will review your answers and get back to you. "
        "You can close this page now."
    )


def time_up_closing(turn: dict) -> str:
    """The closing when the time limit has been reached."""
    return "We've reached the time limit for this interview. " + closing(turn)


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
