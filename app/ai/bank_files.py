"""The question bank on disk: data/questions/<track>/<company>/<difficulty>.json.

Each file is {"questions": [...]}; every question has an id, text, kind, tags (the
first is its main tag), key points, a model answer outline and follow-up hints.
Questions that recruiters' offline drafting may use also carry `roles`, `seniority`
and `skills` (the former app/ai/question_bank.json entries); the recruiter roles and
skill aliases live in data/questions/recruiter_roles.json. Plain Python: no Flask.
"""

import json
import re
from itertools import combinations
from pathlib import Path

from app.models import (
    COMPANY_STYLES,
    PRACTICE_DIFFICULTIES,
    QUESTION_KINDS,
    TRACKS,
)
from config import BASE_DIR

QUESTIONS_DIR = BASE_DIR / "data" / "questions"
RECRUITER_META = "recruiter_roles.json"
DIFFICULTIES = PRACTICE_DIFFICULTIES
KINDS = QUESTION_KINDS
REQUIRED = ("id", "text", "kind", "tags", "key_points", "model_answer", "follow_ups")
RECRUITER_KEYS = ("roles", "seniority", "skills")
RECRUITER_ENTRY = ("id", "roles", "kind", "difficulty", "seniority", "skills")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9 +#./-]{0,39}$")
LIST_SIZES = {"tags": (1, 6), "key_points": (2, 6), "model_answer": (2, 8)}
LIST_SIZES["follow_ups"] = (1, 4)
NEAR_DUPLICATE = 0.8


def read_bank(root: Path = QUESTIONS_DIR) -> list[dict]:
    """Every question with its track, company and difficulty, in a stable order."""
    questions = []
    for path in sorted(root.glob("*/*/*.json")):
        track, company = path.parent.parent.name, path.parent.name
        with path.open(encoding="utf-8") as fh:
            document = json.load(fh)
        for entry in document.get("questions", []):
            questions.append(
                {
                    **entry,
                    "track": track,
                    "company": company,
                    "difficulty": path.stem,
                }
            )
    return questions


def recruiter_bank(root: Path = QUESTIONS_DIR) -> dict:
    """The bank in the shape recruiter drafting (app/ai/bank.py) reads."""
    with (root / RECRUITER_META).open(encoding="utf-8") as fh:
        bank = json.load(fh)
    bank["questions"] = [
        {key: entry[key] for key in (*RECRUITER_ENTRY, "text", "key_points")}
        for entry in read_bank(root)
        if "roles" in entry
    ]
    return bank


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9+#]+", text.lower()))


def _string_list(entry: dict, key: str) -> list[str]:
    low, high = LIST_SIZES[key]
    value = entry.get(key)
    if not isinstance(value, list) or not low <= len(value) <= high:
        return [f"{key} must be a list of {low}-{high} items"]
    if not all(isinstance(item, str) and 2 <= len(item) <= 400 for item in value):
        return [f"{key} must hold texts of 2-400 characters"]
    if len(set(value)) != len(value):
        return [f"{key} repeats an item"]
    return []


def entry_problems(entry: dict, meta: dict) -> list[str]:
    """What is wrong with one question (empty when it is fine)."""
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        return [f"missing {', '.join(missing)}"]
    problems = []
    unknown = set(entry) - set(REQUIRED) - set(RECRUITER_KEYS)
    unknown -= {"track", "company", "difficulty"}
    if unknown:
        problems.append(f"unknown fields {', '.join(sorted(unknown))}")
    if not isinstance(entry["id"], str) or not ID_PATTERN.match(entry["id"]):
        problems.append("id must be 3-64 lower-case letters, digits and '-'")
    text = entry["text"]
    if not isinstance(text, str) or not 20 <= len(text) <= 400:
        problems.append("text must be 20-400 characters")
    elif text.strip() != text or text[-1] not in "?.":
        problems.append("text must be trimmed and end with '?' or '.'")
    if entry["kind"] not in KINDS:
        problems.append(f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    for key in LIST_SIZES:
        problems += _string_list(entry, key)
    if not problems and not all(TAG_PATTERN.match(tag) for tag in entry["tags"]):
        problems.append("tags must be short lower-case words")
    if any(key in entry for key in RECRUITER_KEYS):
        problems += _recruiter_problems(entry, meta)
    return problems


def _recruiter_problems(entry: dict, meta: dict) -> list[str]:
    if not all(key in entry for key in RECRUITER_KEYS):
        return ["roles, seniority and skills go together"]
    levels = meta.get("seniorities", [])
    seniority = entry["seniority"]
    problems = []
    if not entry["roles"] or not set(entry["roles"]) <= set(meta.get("roles", {})):
        problems.append("roles must be recruiter roles")
    if (
        not isinstance(seniority, dict)
        or seniority.get("min") not in levels
        or seniority.get("max") not in levels
        or levels.index(seniority["min"]) > levels.index(seniority["max"])
    ):
        problems.append("seniority must be {min, max} of the recruiter seniorities")
    if not entry["skills"] or any(s != s.lower().strip() for s in entry["skills"]):
        problems.append("skills must be lower-case")
    return problems


def _structure_problems(root: Path) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        parts = relative.parts
        if path.is_dir() or relative.name == RECRUITER_META:
            continue
        if (
            len(parts) != 3
            or parts[0] not in TRACKS
            or parts[1] not in COMPANY_STYLES
            or path.suffix != ".json"
            or path.stem not in DIFFICULTIES
        ):
            problems.append(
                f"{relative}: not <track>/<company>/<difficulty>.json with a known "
                "track, company style and difficulty (easy, medium, hard)"
            )
    for track in TRACKS:
        for company in COMPANY_STYLES:
            for difficulty in DIFFICULTIES:
                path = root / track / company / f"{difficulty}.json"
                if not path.exists() or not read_cell(path):
                    problems.append(f"{track}/{company}/{difficulty}: empty cell")
    return problems


def read_cell(path: Path) -> list:
    """The questions of one file ([] when it is not a valid bank file)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    questions = document.get("questions") if isinstance(document, dict) else None
    return questions if isinstance(questions, list) else []


def validate_bank(root: Path = QUESTIONS_DIR) -> list[str]:
    """Every problem of the bank: layout, empty cells, fields, ids, near-duplicates."""
    problems = _structure_problems(root)
    try:
        meta = json.loads((root / RECRUITER_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
        problems.append(f"{RECRUITER_META}: missing or not JSON")
    entries = []
    for path in sorted(root.glob("*/*/*.json")):
        for index, entry in enumerate(read_cell(path)):
            where = f"{path.relative_to(root)}[{index}]"
            if not isinstance(entry, dict):
                problems.append(f"{where}: not an object")
                continue
            problems += [
                f"{where} {entry.get('id')}: {p}" for p in entry_problems(entry, meta)
            ]
            entries.append(entry)
    problems += _identity_problems(entries)
    return problems


def _identity_problems(entries: list[dict]) -> list[str]:
    problems, seen = [], set()
    for entry in entries:
        if entry.get("id") in seen:
            problems.append(f"duplicate id {entry['id']}")
        seen.add(entry.get("id"))
    texts = [
        (entry.get("id"), _words(entry["text"]))
        for entry in entries
        if isinstance(entry.get("text"), str)
    ]
    for (first, a), (second, b) in combinations(texts, 2):
        if a and len(a & b) / len(a | b) >= NEAR_DUPLICATE:
            problems.append(f"near-duplicate texts: {first} and {second}")
    return problems
