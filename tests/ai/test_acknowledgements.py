"""The offline interviewer's acknowledgements read like a person wrote them.

Over many answers (the band fixtures, an answer built from every question of the
bank, and odd inputs), no acknowledgement matches a bad pattern: a single word lifted
out of the answer, a doubled word, a leftover placeholder, broken punctuation. They
name only what the answer said, and they vary.
"""

import json
import re
from pathlib import Path

from app.ai import bank, interviewer
from app.ai.coverage import term_groups

FIXTURES = Path(__file__).with_name("fixtures") / "answer_bands.json"
LABELS = {group.label for group in term_groups()}
BAD_PATTERNS = [
    r"[{}]",  # a placeholder left unfilled
    r"\b(\w+) \1\b",  # a doubled word
    r"\b(a|an|the) (a|an|the)\b",
    r"\s[,.!?]",  # space before punctuation
    r"[,.]{2}|,\.",
    r"\b(about|on|of|through|explaining) (is|was|and|or|of|to|the|a|an)\b[.!?]",
    r"^[^A-Z]",  # does not start with a capital
    r"[^.!?]$",  # does not end a sentence
    r"Your point about \w+ is clear",  # the old keyword-lifting wording
    r"\s{2,}",
]


def answers() -> list[tuple[str, list[str]]]:
    fixtures = json.loads(FIXTURES.read_text(encoding="utf-8"))
    found = [
        (a["text"], fixtures["questions"][a["question"]]["key_points"])
        for a in fixtures["answers"]
    ]
    for entry in bank.load_bank()["questions"]:
        points = entry["key_points"]
        found.append(("I would start here. " + ". ".join(points) + ".", points))
        found.append((f"Honestly, {points[0].lower()}, and that's about it.", points))
    found += [
        ("Denormalise.", ["Normalise the schema"]),
        ("yes", []),
        ("SELECT * FROM orders WHERE id = 1; -- then EXPLAIN it", ["Query plan"]),
        ("Je ne sais pas trop, peut-être un cache Redis.", ["Caching"]),
        ("RETRIES!!! BACKOFF!!! IDEMPOTENCY!!!", ["Retries with backoff"]),
    ]
    return found


def acknowledge(answer: str, points: list[str], seed: str) -> str:
    turn = {"kind": "question", "seed": seed, "candidate_answer": answer}
    return interviewer.lead_in({**turn, "key_points": points})


def test_no_acknowledgement_matches_a_bad_pattern():
    checked = 0
    for index, (answer, points) in enumerate(answers()):
        for seed in (f"{index}:a", f"{index}:b"):
            text = acknowledge(answer, points, seed)
            for pattern in BAD_PATTERNS:
                assert not re.search(pattern, text), (pattern, text, answer)
            checked += 1
    assert checked > 600


def test_an_acknowledgement_names_only_ideas_the_answer_said():
    for index, (answer, points) in enumerate(answers()):
        text = acknowledge(answer, points, str(index))
        named = [label for label in LABELS if label in text]
        said = interviewer.said_topics(answer, points)
        assert all(label in said for label in named), (text, answer)
        if text not in interviewer.PLAIN_ACKNOWLEDGEMENTS:
            assert named, text


def test_acknowledgements_vary_and_use_whole_phrases():
    texts = [acknowledge(a, p, str(i)) for i, (a, p) in enumerate(answers())]
    assert len(set(texts)) >= 40
    with_topics = [
        text
        for text, (answer, points) in zip(texts, answers(), strict=True)
        if interviewer.said_topics(answer, points)
    ]
    plain = sum(1 for t in with_topics if t in interviewer.PLAIN_ACKNOWLEDGEMENTS)
    assert 0.1 < plain / len(with_topics) < 0.5
    answer = "We retry with exponential backoff and an idempotency key per order."
    specific = {
        acknowledge(answer, ["Retries with backoff"], f"s{n}") for n in range(30)
    }
    assert any("retries" in text for text in specific)
    assert len(specific) >= 5
