"""The built-in question bank (question_bank.json) and how questions are picked from it.

Selection is deterministic: the same request always returns the same questions.
Entries are scored by role (from the role title), skills (the interview's skills, then
words of the job description and product context) and seniority; then slots are filled
in a kind plan (warmup, technical, behavioral, technical, situational, ...) preferring
difficulties that suit the seniority and have not been used yet, so drafts come out
mixed.
"""

import itertools
import json
import re
from functools import lru_cache
from pathlib import Path

BANK_PATH = Path(__file__).with_name("question_bank.json")
KIND_CYCLE = ("technical", "behavioral", "technical", "situational")
# How well each difficulty suits a seniority (0-1); drafts lean towards the higher ones.
DIFFICULTY_FIT = {
    "intern": {"easy": 1.0, "medium": 0.5, "hard": 0.0},
    "junior": {"easy": 1.0, "medium": 0.7, "hard": 0.1},
    "mid": {"easy": 0.5, "medium": 1.0, "hard": 0.6},
    "senior": {"easy": 0.2, "medium": 0.8, "hard": 1.0},
    "lead": {"easy": 0.1, "medium": 0.7, "hard": 1.0},
    "principal": {"easy": 0.0, "medium": 0.6, "hard": 1.0},
}
ROLE_MATCH, RELATED_ROLE, GENERAL_ENTRY = 4.0, 2.0, 1.0
SKILL_MATCH, PARTIAL_SKILL, CONTEXT_SKILL = 3.0, 1.5, 0.5
IN_SENIORITY, PER_LEVEL_OUTSIDE = 2.0, -3.0
DUPLICATE_SIMILARITY = 0.75
# Roles that are a business domain rather than a job: added beside the job's role.
DOMAIN_ROLES = ("payments",)
DOMAIN_MATCH = 1.0
ENGINEERING_TITLES = ("engineer", "developer", "programmer", "architect", "sre")
NON_ENGINEERING_ROLES = ("designer", "product_manager", "sales")


@lru_cache(maxsize=1)
def load_bank() -> dict:
    """The bank as shipped (read once per process)."""
    with BANK_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


def _phrase(text: str) -> str:
    """Lower-case, punctuation-light form used to compare titles and skills."""
    text = re.sub(
        r"[^a-z0-9+#./ ]+", " ", text.lower().replace("-", " ").replace("_", " ")
    )
    return " ".join(word.strip(".") for word in text.split() if word.strip("."))


def canonical_skill(skill: str, aliases: dict) -> str:
    """One spelling per skill: aliases resolved, a plural 's' dropped."""
    phrase = _phrase(skill)
    phrase = aliases.get(phrase, phrase)
    if len(phrase) > 4 and phrase.endswith("s") and not phrase.endswith("ss"):
        phrase = phrase[:-1]
    return phrase


def _contains(haystack: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in f" {haystack} "


def detect_roles(
    role_title: str, job_description: str, bank: dict, skills: list[str] = ()
) -> list[str]:
    """Bank roles named by the title, plus domains (payments) the description and
    skills keep naming; without a title match, the two roles the description names
    most. An engineering title never draws designer, product or sales questions
    from a description that merely says "design" or "product"."""
    title = _phrase(role_title)
    found = [
        key
        for key, role in bank["roles"].items()
        if any(_contains(title, _phrase(word)) for word in role["keywords"])
    ]
    text = _phrase(f"{job_description} {' '.join(skills)}")
    counts = {
        key: sum(_contains(text, _phrase(word)) for word in role["keywords"])
        for key, role in bank["roles"].items()
    }
    domains = [k for k in DOMAIN_ROLES if counts.get(k, 0) >= 2 and k not in found]
    if found:
        return found + domains
    engineering = any(_contains(title, word) for word in ENGINEERING_TITLES)
    ranked = sorted(
        (-n, key)
        for key, n in counts.items()
        if n > 0 and not (engineering and key in NON_ENGINEERING_ROLES)
    )
    return list(dict.fromkeys(domains + [key for _n, key in ranked[:2]]))


def word_set(text: str) -> set[str]:
    """The distinct lower-case words of a text, for similarity checks."""
    return set(re.findall(r"[a-z0-9+#]+", text.lower()))


def is_duplicate(text: str, others: list[set[str]]) -> bool:
    """True when text is the same question (or a light rewording) as one of `others`."""
    words = word_set(text)
    for other in others:
        union = words | other
        if union and len(words & other) / len(union) >= DUPLICATE_SIMILARITY:
            return True
    return False


class _Request:
    """What a draft request asks for, normalised once."""

    def __init__(self, prompt: dict, bank: dict):
        aliases = bank["skill_aliases"]
        self.aliases = aliases
        self.levels = bank["seniorities"]
        seniority = prompt.get("seniority") or "mid"
        self.seniority = seniority if seniority in self.levels else "mid"
        self.skills = {canonical_skill(s, aliases) for s in prompt.get("skills") or []}
        self.skills.discard("")
        title = prompt.get("role_title") or ""
        # Title words ("react", "python") count as skills only when they match exactly.
        self.title_words = {canonical_skill(w, aliases) for w in _phrase(title).split()}
        context = " ".join(
            str(prompt.get(key) or "") for key in ("job_description", "product_context")
        )
        self.context = _phrase(context)
        roles = detect_roles(
            title, prompt.get("job_description") or "", bank, prompt.get("skills") or []
        )
        self.roles = set(roles)
        self.related = {
            r for key in roles for r in bank["roles"][key].get("related", [])
        }
        self.existing = [
            word_set(text) for text in prompt.get("existing_questions") or []
        ]


def _skill_score(entry: dict, request: _Request) -> float:
    """Exact skill matches count most, then overlapping phrases, title, context."""
    score = 0.0
    for tag in entry["skills"]:
        skill = canonical_skill(tag, request.aliases)
        words = set(skill.split())
        if skill in request.skills:
            score += SKILL_MATCH
        elif (
            any(
                words <= set(s.split()) or set(s.split()) <= words
                for s in request.skills
            )
            or skill in request.title_words
        ):
            score += PARTIAL_SKILL
        elif _contains(request.context, skill):
            score += CONTEXT_SKILL
    return score


def _seniority_fit(entry: dict, request: _Request) -> float:
    levels = request.levels
    wanted = levels.index(request.seniority)
    low = levels.index(entry["seniority"]["min"])
    high = levels.index(entry["seniority"]["max"])
    if low <= wanted <= high:
        return IN_SENIORITY
    return PER_LEVEL_OUTSIDE * (low - wanted if wanted < low else wanted - high)


def score_entry(entry: dict, request: _Request) -> tuple[float, float]:
    """(relevance, total score) of an entry for a request; relevance 0 is off-topic."""
    roles = set(entry["roles"])
    relevance = _skill_score(entry, request)
    if roles & request.roles:
        relevance += ROLE_MATCH
        # The business domain (payments) is what sets this job apart from others.
        relevance += DOMAIN_MATCH if roles & set(DOMAIN_ROLES) else 0.0
    elif roles & request.related:
        relevance += RELATED_ROLE
    elif "general" in roles:
        relevance += GENERAL_ENTRY
    return relevance, relevance + _seniority_fit(entry, request)


def kind_plan(count: int, *, with_warmup: bool) -> list[str]:
    """The kinds to draft, in order: a warmup first when wanted, then a mix."""
    plan = ["warmup"] if with_warmup and count >= 3 else []
    kinds = itertools.cycle(KIND_CYCLE)
    while len(plan) < count:
        plan.append(next(kinds))
    return plan


def _ranked_candidates(request: _Request, bank: dict) -> list[tuple[float, bool, dict]]:
    """(score, relevant, entry) for entries not already in the interview, best first."""
    candidates = []
    for entry in bank["questions"]:
        if is_duplicate(entry["text"], request.existing):
            continue
        relevance, total = score_entry(entry, request)
        candidates.append((total, relevance > 0, entry))
    candidates.sort(key=lambda item: (not item[1], -item[0], item[2]["id"]))
    return candidates


def _pick(candidates, kind, used_difficulties, fit) -> int | None:
    """Index of the best candidate for a slot, difficulty-balanced.

    Relevant entries of the wanted kind first, then relevant entries of any other kind
    but warmup (an off-topic technical question is worse than another behavioural one),
    then anything.
    """
    passes = ((kind, True), (None, True), (kind, False), (None, False))
    for pass_number, (wanted, relevant_only) in enumerate(passes):
        best, best_value = None, None
        for index, (score, relevant, entry) in enumerate(candidates):
            if (relevant_only and not relevant) or wanted not in (None, entry["kind"]):
                continue
            # One warmup is enough; only the very last pass may add another.
            if entry["kind"] == "warmup" != kind and pass_number < 3:
                continue
            difficulty = entry["difficulty"]
            value = score + 2.0 * fit[difficulty] - 1.5 * used_difficulties[difficulty]
            if best_value is None or value > best_value:
                best, best_value = index, value
        if best is not None:
            return best
    return None


def _domain_only(entry: dict, request: _Request) -> bool:
    roles = set(entry["roles"])
    return bool(roles & set(DOMAIN_ROLES)) and not roles & request.roles - set(
        DOMAIN_ROLES
    )


def select_questions(prompt: dict, bank: dict | None = None) -> list[dict]:
    """Up to prompt["count"] bank questions for a draft request, best and varied."""
    bank = bank or load_bank()
    request = _Request(prompt, bank)
    count = max(0, int(prompt.get("count") or 0))
    candidates = _ranked_candidates(request, bank)
    has_warmup = any(k == "warmup" for k in prompt.get("existing_kinds") or [])
    used = dict.fromkeys(("easy", "medium", "hard"), 0)
    fit = DIFFICULTY_FIT[request.seniority]
    chosen = []
    # A backend engineer at a payments company: half the questions on payments at
    # most, the rest on the job itself. A payments engineer: no cap.
    job_roles = request.roles - set(DOMAIN_ROLES)
    domain_quota = (count + 1) // 2 if job_roles else count + 1
    for kind in kind_plan(count, with_warmup=not has_warmup):
        index = _pick(candidates, kind, used, fit)
        if index is None:
            break
        _score, _relevant, entry = candidates.pop(index)
        used[entry["difficulty"]] += 1
        chosen.append(entry)
        if sum(_domain_only(e, request) for e in chosen) >= domain_quota:
            candidates = [c for c in candidates if not _domain_only(c[2], request)]
    return [
        {
            "bank_id": entry["id"],
            "text": entry["text"],
            "kind": entry["kind"],
            "difficulty": entry["difficulty"],
            "skills": list(entry["skills"]),
            "key_points": list(entry["key_points"]),
        }
        for entry in chosen
    ]
