"""Key-point coverage: which of a question's key points an answer covers, and where.

The one heuristic for the whole product: the offline evaluator scores and quotes with
it, the live conductor asks a follow-up when an answer covers little, and the offline
interviewer refers back to what an answer covered.

A key point is read as a few ideas ("slots"): the phrases it shares with a group of
key_point_terms.json (each group is one idea said in several ways: "query plan",
"execution plan", "EXPLAIN") and its remaining content words. Matching is on word
stems, so "profiling" meets "profile" and "retries" meets "retry". A point is covered
when one sentence, or two neighbouring sentences, fill enough of its slots (at least
one of its group ideas when it has any), so a point is never covered by words
scattered across an answer, and the sentences that cover it are its evidence: a point
is covered exactly when it has evidence.

Points that name a part of a story ("situation", "own contribution", "result") are
covered by telling that part, whatever the words.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.ai.words import sentences, stem_sequence

TERMS_PATH = Path(__file__).with_name("key_point_terms.json")
# Words that say how a point is phrased, not what it is about.
POINT_FILLER = frozenset(
    stem_sequence(
        "describes explains names mentions covers considers consider uses use using "
        "avoid avoids add adds fix fixes make makes keep keeps choose chooses clear "
        "concrete specific honestly briefly good well example examples e.g etc way "
        "ways approach approaches rather without others tone first need needed "
        "truly possible only e g such whether step steps immediate "
        "handling".replace(".", " ")
    )
)
# Story parts: (words naming the part in a key point, what telling it looks like).
STORY_PARTS = [
    (
        ("situation", "context", "background", "task"),
        re.compile(
            r"\b(when|while|at my|in my|our team|my team|we had|there was|the project"
            r"|a customer|a colleague|a teammate|last (?:year|month|week)|ago)\b",
            re.IGNORECASE,
        ),
    ),
    (
        ("action", "contribution", "own part", "their role"),
        re.compile(
            r"\b(?:i|we)\s+(?:\w+ed|built|wrote|led|ran|found|made|set|chose|took|"
            r"drew|split|shipped|cut|kept|put|broke|began|did|spoke|taught|told)\b",
            re.IGNORECASE,
        ),
    ),
    (
        ("result", "outcome", "impact"),
        re.compile(
            r"\b(as a result|result(?:ed|s)?|outcome|in the end|reduced|improved|"
            r"increased|decreased|saved|fixed|resolved|shipped|so that|since then)\b",
            re.IGNORECASE,
        ),
    ),
    (
        ("learn", "lesson", "reflect"),
        re.compile(
            r"\b(learn\w*|lesson|next time|differently|now i|since then)\b", re.I
        ),
    ),
]


@dataclass(frozen=True)
class TermGroup:
    """One idea and the stem sequences that say it."""

    label: str
    phrases: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def term_groups() -> tuple[TermGroup, ...]:
    """The vocabulary of key_point_terms.json, as stem sequences (read once)."""
    data = json.loads(TERMS_PATH.read_text(encoding="utf-8"))
    groups = []
    for group in data["groups"]:
        phrases = {tuple(stem_sequence(term)) for term in group["terms"]}
        phrases.discard(())
        groups.append(TermGroup(group["label"], tuple(sorted(phrases))))
    return tuple(groups)


def _find(phrase: tuple[str, ...], sequence: list[str]) -> int:
    """Where the stem phrase starts in the sequence, or -1."""
    size = len(phrase)
    for start in range(len(sequence) - size + 1):
        if tuple(sequence[start : start + size]) == phrase:
            return start
    return -1


def _says(group: TermGroup, sequence: list[str]) -> bool:
    return any(_find(phrase, sequence) >= 0 for phrase in group.phrases)


@dataclass(frozen=True)
class KeyPoint:
    """A key point read as slots: term groups it names, then its other words."""

    text: str
    groups: tuple[TermGroup, ...]
    words: tuple[str, ...]
    story: re.Pattern | None

    @property
    def slots(self) -> int:
        return len(self.groups) + len(self.words)

    @property
    def needed(self) -> int:
        return max(1, math.ceil(self.slots * 0.4))


@lru_cache(maxsize=2048)
def read_point(text: str) -> KeyPoint:
    """The slots of one key point (cached: the same points are read again and again)."""
    lowered = text.lower()
    story = next(
        (
            pattern
            for names, pattern in STORY_PARTS
            if any(re.search(rf"\b{name}", lowered) for name in names)
        ),
        None,
    )
    sequence = [w for w in stem_sequence(text) if w not in POINT_FILLER]
    used = [False] * len(sequence)
    groups = []
    for group in term_groups():
        found = False
        for phrase in sorted(group.phrases, key=len, reverse=True):
            start = _find(phrase, sequence)
            # A word already read as one idea is not read again as another.
            if start >= 0 and not any(used[start : start + len(phrase)]):
                found = True
                used[start : start + len(phrase)] = [True] * len(phrase)
        if found:
            groups.append(group)
    words = []
    for index, word in enumerate(sequence):
        if used[index] or len(word) < 3 or word in words:
            continue
        words.append(word)
    return KeyPoint(text, tuple(groups), tuple(words), story)


def point_filled(point: KeyPoint, text: str) -> bool:
    """True when this piece of text fills enough of the point's slots."""
    if point.story is not None and point.story.search(text):
        return True
    if not point.slots:
        return False
    sequence = stem_sequence(text)
    present = set(sequence)
    groups = sum(1 for group in point.groups if _says(group, sequence))
    if point.groups and not groups:
        return False
    if point.groups and groups * 2 >= len(point.groups):
        return True  # half of the point's ideas, said in any of their words
    words = sum(1 for word in point.words if word in present)
    return groups + words >= point.needed


def windows(parts: list[str]) -> list[tuple[int, ...]]:
    """Indexes of each sentence alone, then of each pair of neighbours."""
    return [(i,) for i in range(len(parts))] + [
        (i, i + 1) for i in range(len(parts) - 1)
    ]


def _without_echo(point: KeyPoint, question: str) -> KeyPoint:
    """The point less the ideas the question itself names: repeating the question's
    words ("the incident") covers nothing. Unchanged if nothing would be left."""
    if not question:
        return point
    asked = stem_sequence(question)
    groups = tuple(g for g in point.groups if not _says(g, asked))
    words = tuple(w for w in point.words if w not in asked)
    if not groups and not words:
        return point
    return KeyPoint(point.text, groups, words, point.story)


def point_evidence(point_text: str, parts: list[str], question: str = "") -> list[str]:
    """The sentences of `parts` that cover the point (empty when it is missed)."""
    point = _without_echo(read_point(point_text), question)
    for window in windows(parts):
        if point_filled(point, " ".join(parts[i] for i in window)):
            return [parts[i] for i in window]
    return []


@dataclass
class Coverage:
    """Which key points an answer covers, with the sentences that cover each."""

    covered: list[str]
    missed: list[str]
    evidence: dict[str, list[str]]

    @property
    def share(self) -> float:
        total = len(self.covered) + len(self.missed)
        return len(self.covered) / total if total else 1.0


def cover(
    answer_sentences: list[str], key_points: list[str], question: str = ""
) -> Coverage:
    """Measure an answer, given as its sentences, against the question's key points."""
    evidence = {p: point_evidence(p, answer_sentences, question) for p in key_points}
    covered = [p for p in key_points if evidence[p]]
    missed = [p for p in key_points if not evidence[p]]
    return Coverage(covered, missed, {p: evidence[p] for p in covered})


def key_point_coverage(answer: str, key_points: list[str], question: str = "") -> float:
    """The share of key points the answer covers (1.0 when there are none)."""
    if not key_points:
        return 1.0
    return cover(sentences(answer), list(key_points), question).share


def said_ideas(text: str) -> list[str]:
    """Labels of the vocabulary's ideas the text says, in the order it says them."""
    sequence = stem_sequence(text)
    found = []
    for group in term_groups():
        starts = [_find(p, sequence) for p in group.phrases]
        starts = [s for s in starts if s >= 0]
        if starts:
            found.append((min(starts), group.label))
    return [label for _start, label in sorted(found)]
