"""Role competencies: the vocabulary rubrics are drafted from, offline.

competencies.json lists technical competencies (API design, data modelling, payments,
...) and behavioural ones (ownership, communication, ...), each with the words that
call for it in a role (title, skills, job description), the words in an answer that
speak to it, and behavioural anchors for the bands of the 0-10 scale.

draft_rubric() picks the competencies a role calls for: up to three technical ones
(skills count most, then the title, then the job description), communication always,
ownership from mid-level up, leadership for leads, collaboration when the role asks
for it. The four generic criteria (relevance, completeness, accuracy, clarity) are not
competencies: they are the per-answer quality checks of every evaluation.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from app.ai.words import stems

VOCABULARY_PATH = Path(__file__).with_name("competencies.json")
MAX_TECHNICAL = 3
TECHNICAL_SHARE = 60
SENIOR_LEVELS = ("senior", "lead", "principal")
# Words in the names of hand-made competencies and what in an answer speaks to them.
HINTS = {
    "communication": "explain clear clearly wrote write documented shared told",
    "teamwork": "team teammate together colleague pair paired helped review",
    "collaboration": "team teammate together colleague pair paired helped review",
    "leadership": "led lead mentor mentored owned decided organised organized",
    "ownership": "owned responsible decided took followed fixed on-call",
    "problem": "debug found cause root measured profiled traced tested",
    "technical": "design system database api code test performance index",
    "learning": "learned learnt learning improve next time differently",
}


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """competencies.json as shipped (read once per process)."""
    return json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))


def _entries() -> list[dict]:
    data = vocabulary()
    return data["technical"] + data["behavioural"] + [data["fallback"]]


def _phrase(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9+#/]+", (text or "").lower())) + " "


def _mentions(text: str, trigger: str) -> int:
    return _phrase(text).count(_phrase(trigger))


def evidence_stems(item: dict) -> set[str]:
    """Stems of the words in an answer that speak to a rubric competency."""
    name = f"{item.get('key', '')} {item.get('name', '')}".replace("-", " ")
    words = name.replace("_", " ")
    for entry in _entries():
        if entry["key"] == item.get("key") or entry["name"].lower() == name.lower():
            words += " " + entry["evidence"]
    for hint, related in HINTS.items():
        if hint in name.lower():
            words += " " + related
    return stems(words)


def _relevance(entry: dict, role: dict) -> float:
    """How strongly a role calls for a competency: skills 3, title 2, description 1."""
    skills = " , ".join(role.get("skills") or [])
    score = 0.0
    for trigger in entry["triggers"]:
        score += 3 * _mentions(skills, trigger)
        score += 2 * _mentions(role.get("role_title") or "", trigger)
        score += min(2, _mentions(role.get("job_description") or "", trigger))
    return score


def _item(entry: dict, weight: int) -> dict:
    return {
        "key": entry["key"],
        "name": entry["name"],
        "weight": weight,
        "anchors": dict(entry["anchors"]),
    }


def _weights(technical: int, behavioural: int) -> list[int]:
    """Whole-number weights adding up to 100: technical ones share 60 (40 when
    there is only one), behavioural ones the rest."""
    tech_total = TECHNICAL_SHARE if technical > 1 else 40
    if not behavioural:
        tech_total = 100
    if not technical:
        tech_total = 0
    weights = [tech_total // technical] * technical if technical else []
    if weights:
        weights[0] += tech_total - sum(weights)
    rest = 100 - tech_total
    soft = [rest // behavioural] * behavioural if behavioural else []
    if soft:
        soft[0] += rest - sum(soft)
    return weights + soft


def draft_rubric(role: dict) -> list[dict]:
    """A rubric for the role from the vocabulary: deterministic, no network.

    `role`: role_title, seniority, skills, job_description (product_context is
    ignored: it describes the product, not the job)."""
    data = vocabulary()
    ranked = sorted(
        (
            (_relevance(entry, role), index, entry)
            for index, entry in enumerate(data["technical"])
        ),
        key=lambda item: (-item[0], item[1]),
    )
    technical = [entry for score, _i, entry in ranked if score > 0][:MAX_TECHNICAL]
    if not technical:
        technical = [data["fallback"]]
    soft = {entry["key"]: entry for entry in data["behavioural"]}
    seniority = role.get("seniority") or "mid"
    chosen = [soft["communication"]]
    if seniority not in ("intern", "junior") or _relevance(soft["ownership"], role):
        chosen.insert(0, soft["ownership"])
    if seniority in ("lead", "principal") or _relevance(soft["leadership"], role) >= 2:
        chosen.append(soft["leadership"])
    elif _relevance(soft["collaboration"], role):
        chosen.append(soft["collaboration"])
    weights = _weights(len(technical), len(chosen))
    return [
        _item(entry, w) for entry, w in zip(technical + chosen, weights, strict=True)
    ]
