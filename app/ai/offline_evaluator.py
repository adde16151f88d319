"""The offline evaluator: deterministic scores from the candidate's own words.

No network, no randomness: the same answer always gets the same scores. It measures
what can be measured in text. Coverage of the question's key points comes from
app/ai/coverage.py (phrases, stems and synonyms, one sentence or two neighbours at a
time), so a point is covered exactly when the evaluator can quote the sentences that
cover it. Then specificity (examples, numbers, concrete first-person actions, named
tools), structure (situation, action, result for behavioural questions; reasoning
steps for technical ones) and clarity (sentence length, filler).

Only sentences about the question count: off-topic padding and sentences addressed to
the evaluator ("please score this highly", "the rubric says give 10") add nothing to a
score and are never evidence. The four per-answer quality checks (relevance,
completeness, accuracy, clarity) give the answer's overall score; each rubric
competency is scored from the sentences that speak to it (app/ai/competencies.py).

It answers in the same JSON shape as a model would, so the same validation applies.
"""

import math
import re

from app.ai import competencies
from app.ai.coverage import cover, read_point, said_ideas, term_groups
from app.ai.evidence import addressed_to_evaluator, sentences, stems, word_count

CRITERIA = ("relevance", "completeness", "accuracy", "clarity")
STORY_KINDS = ("behavioral", "situational", "warmup")
MAX_SCORE = 9.5
MAX_QUOTE_CHARS = 380
FULL_ANSWER_WORDS = 90
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|percent|ms|x\b)?", re.IGNORECASE)
EXAMPLE = re.compile(
    r"\b(for example|for instance|e\.g\.|such as|at my (?:last|previous|current)|"
    r"in my (?:last|previous|current)|last (?:year|month|week|quarter)|one time"
    r"|once)\b",
    re.IGNORECASE,
)
ACTION = re.compile(
    r"\b(?:i|we)\s+(?:\w+ed|built|wrote|led|ran|found|made|set|chose|took|drew|"
    r"split|shipped|cut|kept|put|broke|began|did|sat|spoke|taught|read|run|use|"
    r"check|add|keep|start|make|copy|treat|compute|process|record|measure)\b",
    re.IGNORECASE,
)
SITUATION = re.compile(
    r"\b(when|while|at my|in my|our team|my team|we had|there was|the project|"
    r"a customer|a colleague|a teammate|ago|last (?:year|month|week))\b",
    re.IGNORECASE,
)
RESULT = re.compile(
    r"\b(as a result|result(?:ed|s)?|outcome|in the end|afterwards|reduced|improved|"
    r"increased|decreased|saved|learned|learnt|fixed|resolved|shipped|so that|"
    r"since then|since)\b",
    re.IGNORECASE,
)
REASONING = re.compile(
    r"\b(first|then|next|finally|because|so that|trade-?offs?|instead|therefore|"
    r"which means|otherwise|depends on|if|unless|measure|verify|check|rather than)\b",
    re.IGNORECASE,
)
# Named things (tools, products, headers) mid-sentence: "in Redis", "a Lua script".
NAMED = re.compile(r"(?<=[a-z,] )[A-Z][A-Za-z0-9]+(?:-[A-Z][a-z]+)?\b")
FILLER = re.compile(r"\b(um+|uh+|you know|basically|kind of|sort of|whatever)\b", re.I)
DONT_KNOW = re.compile(
    r"\b(i\s*(?:do\s*not|don'?t)\s*know|no idea|not sure|no clue|skip|pass|"
    r"can'?t think of)\b",
    re.I,
)


def _story_told(on_topic: list[bool], parts: list[str], story: bool) -> list[str]:
    """The on-topic sentences, with their neighbours that carry the same thread: a
    sentence between two on-topic ones, and (in a story) the next or previous part
    of the story (situation, action, result)."""
    marks = list(on_topic)
    changed = True
    while changed:
        changed = False
        for i, sentence in enumerate(parts):
            if marks[i]:
                continue
            before = i > 0 and marks[i - 1]
            after = i + 1 < len(parts) and marks[i + 1]
            tells = story and any(
                p.search(sentence) for p in (SITUATION, ACTION, RESULT)
            )
            if (before and after) or ((before or after) and tells):
                marks[i] = changed = True
    return [sentence for sentence, mark in zip(parts, marks, strict=True) if mark]


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _score(fraction: float) -> float:
    # Never a perfect 10 offline: counting words cannot tell a flawless answer.
    return round(MAX_SCORE * _clamp(fraction), 1)


def _quotable(sentence: str) -> str:
    """A sentence short enough to quote as evidence (cut at a word if it is long)."""
    if len(sentence) <= MAX_QUOTE_CHARS:
        return sentence
    return sentence[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]


GOLD_POINTS = 6


def gold_points(gold_answer: str) -> list[str]:
    """An expert's gold-standard answer as key points: its first sentences, so an
    answer that says what the gold answer says covers more (and scores higher)."""
    return [s.strip() for s in sentences(gold_answer) if s.strip()][:GOLD_POINTS]


class _Answer:
    """What the candidate said in one question thread, measured."""

    def __init__(self, data: dict):
        question = data["question"]
        self.kind = question.get("kind") or "technical"
        answers = data.get("answers") or []
        all_sentences = [s for a in answers for s in sentences(a)]
        # Sentences that talk to the evaluator are neither evidence nor content.
        self.sentences = [s for s in all_sentences if not addressed_to_evaluator(s)]
        self.key_points = list(question.get("key_points") or []) + gold_points(
            question.get("gold_answer") or ""
        )
        skills = list(question.get("skills") or []) + list(
            data.get("role", {}).get("skills") or []
        )
        self.question_stems = stems(question.get("text", ""))
        self.topic = self.question_stems | stems(
            " ".join(self.key_points + skills + [question.get("model_answer") or ""])
        )
        text = "\n".join(answers)
        self.dont_know = word_count(text) <= 25 and bool(DONT_KNOW.search(text))
        found = cover(self.sentences, self.key_points, question.get("text", ""))
        evidence = {s for quotes in found.evidence.values() for s in quotes}
        # Without key points there is less to go on: any idea the vocabulary knows,
        # one topic word, and the thread of a story count.
        ideas = {g.label for p in self.key_points for g in read_point(p).groups}
        if not self.key_points:
            ideas = {group.label for group in term_groups()}
        enough = 2 if self.key_points else 1
        self.on_topic = _story_told(
            [
                s in evidence
                or len(stems(s) & self.topic) >= enough
                or bool(ideas.intersection(said_ideas(s)))
                for s in self.sentences
            ],
            self.sentences,
            story=self.kind in STORY_KINDS or not self.key_points,
        )
        if self.dont_know:
            self.on_topic, found = [], cover([], self.key_points)
        self.covered, self.missed = found.covered, found.missed
        self.point_sentences = found.evidence
        self.text = " ".join(self.on_topic)
        self.words = word_count(self.text)
        self.stems = stems(self.text)
        self.share_on_topic = (
            self.words / word_count(" ".join(all_sentences)) if all_sentences else 0.0
        )

    def coverage(self) -> float:
        if self.key_points:
            return len(self.covered) / len(self.key_points)
        # No key points: how much of the question's own vocabulary the answer takes
        # up, or how many distinct ideas of substance it names, whichever is more.
        needed = max(2, math.ceil(len(self.question_stems) / 2))
        ideas = len(said_ideas(self.text))
        return _clamp(max(len(self.stems & self.topic) / needed, ideas / 4))

    def specificity(self) -> float:
        markers = (
            len(NUMBER.findall(self.text))
            + len(EXAMPLE.findall(self.text))
            + len(ACTION.findall(self.text))
            + min(3, len(NAMED.findall(self.text)))
        )
        return _clamp(markers / 4)

    def structure(self) -> float:
        if self.kind in STORY_KINDS:
            parts = [SITUATION, ACTION, RESULT]
            return sum(1 for p in parts if p.search(self.text)) / len(parts)
        return _clamp(len(REASONING.findall(self.text)) / 3)

    def sentence_quality(self) -> float:
        if not self.on_topic:
            return 0.0
        average = self.words / len(self.on_topic)
        if average < 4:
            quality = 0.4
        elif average <= 32:
            quality = 1.0
        else:
            quality = max(0.4, 1 - (average - 32) / 60)
        return _clamp(quality - 0.1 * len(FILLER.findall(self.text)))


def criteria_scores(answer: _Answer) -> dict:
    """The per-answer quality checks (relevance, completeness, accuracy, clarity),
    0-10, from the on-topic sentences only."""
    if not answer.on_topic:
        return dict.fromkeys(CRITERIA, 0.0)
    hits = len(answer.stems & answer.topic)
    depth = _clamp(answer.words / FULL_ANSWER_WORDS)
    coverage, specific, structure = (
        answer.coverage(),
        answer.specificity(),
        answer.structure(),
    )
    focus = 0.7 + 0.3 * answer.share_on_topic  # padding dilutes, never adds
    return {
        "relevance": _score(
            (0.35 + 0.65 * _clamp(hits / 6))
            * (0.5 + 0.5 * _clamp(answer.words / 30))
            * focus
        ),
        "completeness": _score(0.8 * coverage + 0.2 * depth),
        "accuracy": _score(0.65 * coverage + 0.2 * specific + 0.15 * structure),
        "clarity": _score(
            (0.7 * answer.sentence_quality() + 0.3 * structure)
            * (0.4 + 0.6 * _clamp(answer.words / 40))
        ),
    }


def _ranked(candidates: list[str], answer: _Answer, limit: int = 2) -> list[str]:
    """The strongest distinct sentences: most topic words, then most specific."""

    def strength(sentence: str):
        specific = len(NUMBER.findall(sentence)) + len(ACTION.findall(sentence))
        return (-len(stems(sentence) & answer.topic), -specific, sentence)

    unique = list(dict.fromkeys(candidates))
    return [_quotable(s) for s in sorted(unique, key=strength)[:limit]]


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
    vocabulary = competencies.evidence_stems(item)
    matched = [s for s in answer.on_topic if stems(s) & vocabulary]
    return _ranked(matched, answer)


def _competency_score(evidence: list[str], overall: float, answer: _Answer) -> float:
    support = _clamp(len(evidence) / 2) * (0.6 + 0.4 * answer.specificity())
    return round(min(MAX_SCORE, 0.6 * overall + 0.45 * MAX_SCORE * support), 1)


def _quoted_list(points: list[str]) -> str:
    quoted = [f"“{p.rstrip('.')}”" for p in points]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _feedback(answer: _Answer, scores: dict) -> str:
    if answer.dont_know:
        return "The candidate said they did not know, so there is nothing to score."
    if not answer.on_topic:
        return "The answer does not address the question, so there is no evidence."
    parts = []
    if answer.key_points:
        total = len(answer.key_points)
        parts.append(
            f"The answer covers {len(answer.covered)} of the {total} key points."
        )
        if answer.missed:
            parts.append(f"It does not cover {_quoted_list(answer.missed)}.")
    if answer.specificity() >= 0.67:
        parts.append("It is concrete, with examples, numbers or first-hand actions.")
    else:
        parts.append(
            "It could be more concrete: a specific example, numbers or the "
            "candidate's own actions."
        )
    if answer.words < 30:
        parts.append("It is short, so there is little to go on.")
    elif scores["clarity"] < 5:
        parts.append("It is hard to follow in places; a clearer structure would help.")
    if answer.share_on_topic < 0.6:
        parts.append("Much of it is not about the question and was not scored.")
    return " ".join(parts)


def evaluate(data: dict, weights: dict[str, float]) -> dict:
    """Score one question thread; the answer matches the evaluator's JSON schema."""
    answer = _Answer(data)
    scores = criteria_scores(answer)
    total = sum(weights.values()) or 1
    overall = sum(scores[k] * weights[k] for k in CRITERIA) / total
    results = []
    for item in data["rubric"]:
        evidence = _competency_evidence(item, answer) if answer.on_topic else []
        if item["key"] in CRITERIA:
            score = scores[item["key"]]
        else:
            score = _competency_score(evidence, overall, answer)
        results.append(
            {
                "key": item["key"],
                "score": score if evidence else None,
                "evidence": evidence,
            }
        )
    return {
        "competencies": results,
        "criteria": scores,
        "feedback": _feedback(answer, scores),
        "key_points_covered": answer.covered,
        "manipulation_attempt": False,
    }
