"""The shipped question bank (app/ai/question_bank.json) is a valid, broad dataset."""

import json
from collections import Counter

import pytest

from app.ai.bank import BANK_PATH
from app.models import DIFFICULTIES, QUESTION_KINDS, SENIORITIES

ROLES = {
    "backend",
    "frontend",
    "fullstack",
    "data_engineer",
    "data_scientist",
    "devops",
    "mobile",
    "qa",
    "product_manager",
    "designer",
    "sales",
    "payments",
    "general",
}
ENTRY_KEYS = {
    "id",
    "roles",
    "kind",
    "difficulty",
    "seniority",
    "skills",
    "text",
    "key_points",
}


@pytest.fixture(scope="module")
def bank():
    with BANK_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


def test_the_bank_is_large_enough(bank):
    assert len(bank["questions"]) >= 150


def test_every_entry_has_the_schema(bank):
    for entry in bank["questions"]:
        assert set(entry) == ENTRY_KEYS, entry["id"]
        assert entry["kind"] in QUESTION_KINDS, entry["id"]
        assert entry["difficulty"] in DIFFICULTIES, entry["id"]
        assert entry["roles"] and set(entry["roles"]) <= set(bank["roles"]), entry["id"]
        low, high = entry["seniority"]["min"], entry["seniority"]["max"]
        assert SENIORITIES.index(low) <= SENIORITIES.index(high), entry["id"]
        assert (
            20 <= len(entry["text"]) <= 300 and entry["text"].strip() == entry["text"]
        )
        assert entry["text"][-1] in "?.", entry["id"]
        assert 3 <= len(entry["key_points"]) <= 5, entry["id"]
        assert all(
            isinstance(p, str) and 2 <= len(p) <= 300 for p in entry["key_points"]
        )
        assert entry["skills"] and all(s == s.lower().strip() for s in entry["skills"])
        assert len(set(entry["key_points"])) == len(entry["key_points"]), entry["id"]


def test_ids_and_texts_are_unique(bank):
    ids = [entry["id"] for entry in bank["questions"]]
    texts = [entry["text"].lower() for entry in bank["questions"]]
    assert len(set(ids)) == len(ids)
    assert len(set(texts)) == len(texts)


def test_every_role_is_covered(bank):
    assert set(bank["roles"]) == ROLES
    per_role = Counter(role for entry in bank["questions"] for role in entry["roles"])
    for role in ROLES:
        assert per_role[role] >= 10, role
    for role in ROLES - {"general"}:
        kinds = {e["kind"] for e in bank["questions"] if role in e["roles"]}
        assert {"technical", "behavioral", "situational", "warmup"} <= kinds, role


def test_kinds_difficulties_and_seniorities_are_covered(bank):
    kinds = Counter(entry["kind"] for entry in bank["questions"])
    difficulties = Counter(entry["difficulty"] for entry in bank["questions"])
    assert all(kinds[kind] >= 15 for kind in QUESTION_KINDS), kinds
    assert all(difficulties[level] >= 30 for level in DIFFICULTIES), difficulties
    for level in SENIORITIES:
        suited = [
            e
            for e in bank["questions"]
            if SENIORITIES.index(e["seniority"]["min"])
            <= SENIORITIES.index(level)
            <= SENIORITIES.index(e["seniority"]["max"])
        ]
        assert len(suited) >= 40, level


def test_roles_and_aliases_are_well_formed(bank):
    assert bank["seniorities"] == list(SENIORITIES)
    for key, role in bank["roles"].items():
        assert role["label"]
        assert all(word == word.lower() for word in role["keywords"])
        assert set(role.get("related", [])) <= set(bank["roles"]) - {key}
    for alias, canonical in bank["skill_aliases"].items():
        assert alias == alias.lower() and canonical == canonical.lower()
