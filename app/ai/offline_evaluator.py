"""The offline evaluator: deterministic scores from the candidate's own words.

No network, no randomness: the same answer always gets the same scores. It measures
what can be measured in text: coverage of the question's key points and the role's
skills, specificity (examples, numbers, concrete first-person actions), structure
(situation, action, result for behavioural questions; reasoning steps for technical
ones) and clarity (sentence length, filler). "Accuracy" offline is agreement with the
key points and model answer, not fact-checking. Evidence is the candidate's own
sentences that matched; an empty or off-topic answer scores low with no evidence.

It answers in the same JSON shape as a model would, so the same validation applies.
"""

import math
import re

from app.ai.evidence import sentences, stems, word_count

CRITERIA = ("relevance", "completeness", "accuracy", "clarity")
MAX_SCORE = 9.5
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|percent|ms|x\b)?", re.IGNORECASE)
EXAMPLE = re.compile(
    r"\b(for example|for instance|e\.g\.|such as|at my (?:last|previous|current)|"
    r"in my (?:last|previous|current)|last (?:year|month|week|quarter)|one time"
    r"|once)\b",
    re.IGNORECASE,
)
ACTION = re.compile(
    r"\b(?:i|we)\s+(?:\w+ed|built|wrote|led|ran|found|made|set|chose|took|drew|"
    r"split|shipped|cut|kept|put|broke|began|did|sat|spoke|taught|read)\b",
    re.IGNORECASE,
)
SITUATION = re.compile(
    r"\b(when|while|at my|in my|our team|my team|we had|there was|the project|"
    r"a customer|a colleague|a teammate)\b",
    re.IGNORECASE,
)
RESULT = re.compile(
    r"\b(as a result|result(?:ed|s)?|outcome|in the end|afterwards|reduced|improved|"
    r"increased|decreased|saved|learned|learnt|fixed|resolved|shipped|so that)\b",
    re.IGNORECASE,
)
REASONING = re.compile(
    r"\b(first|then|next|finally|because|so that|trade-?offs?|instead|therefore|"
    r"which means|otherwise|depends on|if|unless|measure|verify|check)\b",
    re.IGNORECASE,
)
# Named things (tools, products, headers) mid-sentence: "in Redis", "a Lua script".
NAMED = re.compile(r"(?<=[a-z,] )[A-Z][A-Za-z0-9]+(?:-[A-Z][a-z]+)?\b")
FILLER = re.compile(r"\b(um+|uh+|you know|basically|kind of|sort of|whatever)\b", re.I)
DONT_KNOW = re.compile(
    r"\b(i\s*(?:do\s*not|don'?t)\s*know|no idea|not sure|no clue|skip|pass)\b", re.I
)
# Words in common competency names and what in an answer speaks to them.
COMPETENCY_HINTS = {
    "communication": "explain clear clearly wrote write documented shared told",
    "teamwork": "team teammate together colleague pair paired helped review",
    "collaboration": "team teammate together colleague pair paired helped review",
    "leadership": "led lead mentor mentored owned decided organised organized",
    "ownership": "owned responsible decided took followed fixed on-call",
    "problem": "debug found cause root fixed measured profiled traced tested",
    "technical": "design system database api code test performance index",
    "learning": "learned learnt learning improve next time differently",
}


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _score(fraction: float) -> float:
    # Never a perfect 10 offline: counting words cannot tell a flawless answer.
    return round(MAX_SCORE * _clamp(fraction), 1)


# Key points that name a part of a story ("situation", "own contribution") are
# covered by telling that part, whatever the words.
STORY_PARTS = [
    (("situation", "context", "background", "task"), SITUATION),
    (("action", "contribution", "own part", "role"), ACTION),
    (("result", "outcome", "impact"), RESULT),
    (
        ("learn", "lesson"),
        re.compile(r"\b(learn\w*|lesson|next time|differently)\b", re.I),
    ),
]


def _touched(point: str, point_stems: set[str], text: str, text_stems: set[str]):
    """A key point counts as touched when enough of its words (or its story part)
    appear in the text."""
    lowered = point.lower()
    for names, pattern in STORY_PARTS:
        if any(name in lowered for name in names) and pattern.search(text):
            return True
    needed = max(1, math.ceil(len(point_stems) / 3))
    return bool(point_stems) and len(point_stems & text_stems) >= needed


class _Answer:
    """What the candidate said in one question thread, measured."""

    def __init__(self, data: dict):
        question = data["question"]
        self.kind = question.get("kind") or "technical"
        self.text = "\n".join(data.get("answers") or [])
        self.sentences = [s for a in data.get("answers") or [] for s in sentences(a)]
        self.words = word_count(self.text)
        self.stems = stems(self.text)
        self.key_points = list(question.get("key_points") or [])
        skills = list(question.get("skills") or []) + list(
            data.get("role", {}).get("skills") or []
        )
        self.question_stems = stems(question.get("text", ""))
        self.topic = self.question_stems | stems(
            " ".join(self.key_points + skills + [question.get("model_answer") or ""])
        )
        self.dont_know = self.words <= 25 and bool(DONT_KNOW.search(self.text))
        self.on_topic = [s for s in self.sentences if stems(s) & self.topic]
        if self.dont_know:
            self.on_topic = []
        point_stems = [(p, stems(p)) for p in self.key_points]
        self.covered = [
            p for p, ps in point_stems if _touched(p, ps, self.text, self.stems)
        ]
        if self.dont_know:
            self.covered = []
        self.missed = [p for p in self.key_points if p not in self.covered]
        self.point_sentences = {
            p: [s for s in self.sentences if _touched(p, ps, s, stems(s))]
            for p, ps in point_stems
        }

    def coverage(self) -> float:
        if self.key_points:
            return len(self.covered) / len(self.key_points)
        # No key points: how much of the question's own vocabulary the answer takes up.
        needed = max(2, math.ceil(len(self.question_stems) / 2))
        return _clamp(len(self.stems & self.topic) / needed)

    def specificity(self) -> float:
        markers = (
            len(NUMBER.findall(self.text))
            + len(EXAMPLE.findall(self.text))
            + len(ACTION.findall(self.text))
            + min(3, len(NAMED.findall(self.text)))
        )
        return _clamp(markers / 3)

    def structure(self) -> float:
        if self.kind in ("behavioral", "situational", "warmup"):
            parts = [SITUATION, ACTION, RESULT]
            return sum(1 for p in parts if p.search(self.text)) / len(parts)
        return _clamp(len(REASONING.findall(self.text)) / 3)

    def sentence_quality(self) -> float:
        if not self.sentences:
            return 0.0
        average = self.words / len(self.sentences)
        if average < 4:
            quality = 0.4
        elif average <= 32:
            quality = 1.0
        else:
            quality = max(0.4, 1 - (average - 32) / 60)
        return _clamp(quality - 0.1 * len(FILLER.findall(self.text)))


def criteria_scores(answer: _Answer) -> dict:
    """Relevance, completeness, accuracy and clarity, 0-10."""
    if not answer.on_topic:
        small = 1.0 if answer.words >= 5 and not answer.dont_know else 0.0
        return {
            "relevance": small,
            "completeness": 0.0,
            "accuracy": 0.0,
            "clarity": small,
        }
    hits = len(answer.stems & answer.topic)
    length = _clamp(answer.words / 60)
    coverage, specific, structure = (
        answer.coverage(),
        answer.specificity(),
        answer.structure(),
    )
    return {
        "relevance": _score(
            (0.2 + 0.8 * _clamp(hits / 5)) * (0.5 + 0.5 * _clamp(answer.words / 25))
        ),
        "completeness": _score(0.75 * coverage + 0.25 * length),
        "accuracy": _score(0.55 * coverage + 0.25 * specific + 0.2 * structure),
        "clarity": _score(
            (0.75 * answer.sentence_quality() + 0.25 * structure)
            * (0.4 + 0.6 * _clamp(answer.words / 30))
        ),
    }


def _ranked(candidates: list[str], answer: _Answer, limit: int = 2) -> list[str]:
    """The strongest distinct sentences: most topic words, then most specific."""

    def strength(sentence: str):
        specific = len(NUMBER.findall(sentence)) + len(ACTION.findall(sentence))
        return (-len(stems(sentence) & answer.topic), -specific, sentence)

    unique = list(dict.fromkeys(candidates))
    return sorted(unique, key=strength)[:limit]


def _criterion_evidence(key: str, answer: _Answer) -> list[str]:
    if key == "completeness" and answer.key_points:
        firsts = [found[0] for found in answer.point_sentences.values() if found]
        return _ranked(firsts, answer)
    if key == "accuracy":
        matched = [s for found in answer.point_sentences.values() for s in found]
        return _ranked(matched or answer.on_topic, answer)
    if key == "clarity":
        structured = [s for s in answer.on_topic if REASONING.search(s)]
        return _ranked(structured or answer.on_topic, answer, limit=1)
    return _ranked(answer.on_topic, answer)


def _competency_evidence(item: dict, answer: _Answer) -> list[str]:
    if item["key"] in CRITERIA:
        return _criterion_evidence(item["key"], answer)
    words = f"{item['key'].replace('-', ' ').replace('_', ' ')} {item.get('name', '')}"
    vocabulary = stems(words)
    for hint, related in COMPETENCY_HINTS.items():
        if hint in words.lower():
            vocabulary |= stems(related)
    matched = [s for s in answer.on_topic if stems(s) & vocabulary]
    return _ranked(matched, answer)


def _competency_score(evidence: list[str], overall: float, answer: _Answer) -> float:
    support = _clamp(len(evidence) / 2) * (0.6 + 0.4 * answer.specificity())
    return round(0.5 * overall + MAX_SCORE / 2 * support, 1)


def _feedback(answer: _Answer, scores: dict) -> str:
    if answer.dont_know:
        return "The candidate said they did not know; there is nothing to score."
    if not answer.on_topic:
        return "The answer does not address the question, so there is no evidence."
    parts = []
    if answer.key_points:
        parts.append(
            f"Covered {len(answer.covered)} of {len(answer.key_points)} key points."
        )
    if answer.specificity() >= 0.67:
        parts.append("Concrete: gives examples, numbers or first-hand actions.")
    else:
        parts.append(
            "Could be more concrete: a specific example, numbers, own actions."
        )
    if answer.words < 30:
        parts.append("Short: there is little to go on.")
    elif scores["clarity"] < 5:
        parts.append("Hard to follow in places; a clearer structure would help.")
    return " ".join(parts)


def evaluate(data: dict, weights: dict[str, float]) -> dict:
    """Score one question thread; the answer matches the evaluator's JSON schema."""
    answer = _Answer(data)
    scores = criteria_scores(answer)
    total = sum(weights.values()) or 1
    overall = sum(scores[k] * weights[k] for k in CRITERIA) / total
    competencies = []
    for item in data["rubric"]:
        evidence = _competency_evidence(item, answer) if answer.on_topic else []
        if item["key"] in CRITERIA:
            score = scores[item["key"]]
        else:
            score = _competency_score(evidence, overall, answer)
        competencies.append(
            {
                "key": item["key"],
                "score": score if evidence else None,
                "evidence": evidence,
            }
        )
    return {
        "competencies": competencies,
        "criteria": scores,
        "feedback": _feedback(answer, scores),
        "key_points_covered": answer.covered,
        "manipulation_attempt": False,
    }
