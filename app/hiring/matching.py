"""An explainable 0-100 match of an application against its opening.

Four parts, each with its points, its maximum and a sentence saying why: skills (50),
experience level (20), location and work mode (15), salary expectation (15). The score
orders the candidates list; it never rejects anyone (no stage changes because of it).
Unknown inputs earn half of a part: missing data is neither rewarded nor punished.
"""

from app.hiring.resumes import canonical_skill, level_for_years
from app.models import SENIORITIES

SKILLS, LEVEL, PLACE, SALARY = 50, 20, 15, 15


def _part(key: str, label: str, points: float, maximum: int, why: str) -> dict:
    return {
        "key": key,
        "label": label,
        "points": round(points),
        "max": maximum,
        "why": why,
    }


def skills_part(required: list[str], found: list[str]) -> dict:
    """Share of the opening's required skills found in the resume (or cover letter)."""
    wanted = sorted({canonical_skill(s) for s in required if s.strip()})
    if not wanted:
        return _part("skills", "Skills", SKILLS / 2, SKILLS, "No required skills set.")
    have = {canonical_skill(s) for s in found}
    matched = [s for s in wanted if s in have]
    missing = [s for s in wanted if s not in have]
    why = f"{len(matched)} of {len(wanted)} required skills"
    if matched:
        why += f": {', '.join(matched)}"
    if missing:
        why += f" (missing {', '.join(missing)})"
    return _part("skills", "Skills", SKILLS * len(matched) / len(wanted), SKILLS, why)


def level_part(wanted: str, years: float | None) -> dict:
    """How far the applicant's level (from their years) is from the opening's."""
    level = level_for_years(years)
    if level is None or wanted not in SENIORITIES:
        return _part("level", "Experience level", LEVEL / 2, LEVEL, "Years unknown.")
    distance = abs(SENIORITIES.index(level) - SENIORITIES.index(wanted))
    points = {0: LEVEL, 1: LEVEL / 2}.get(distance, 0)
    why = f"{years:g} years reads as {level}; the opening asks for {wanted}"
    return _part("level", "Experience level", points, LEVEL, why)


def place_part(opening_location: str, work_mode: str, applicant_location: str) -> dict:
    """Remote fits anyone; otherwise the applicant's location should be the office's."""
    label = "Location and work mode"
    if work_mode == "remote":
        return _part("place", label, PLACE, PLACE, "Remote role: location is open.")
    if not applicant_location.strip() or not opening_location.strip():
        return _part("place", label, PLACE / 2, PLACE, "Location not given.")
    office = {w for w in opening_location.lower().replace(",", " ").split() if w}
    home = {w for w in applicant_location.lower().replace(",", " ").split() if w}
    mode = work_mode.replace("_", "-")
    if office & home:
        why = f"Based in {applicant_location}, near the {mode} office"
        return _part("place", label, PLACE, PLACE, why)
    points = PLACE / 3 if work_mode == "hybrid" else 0
    why = f"Based in {applicant_location}; the {mode} role is in {opening_location}"
    return _part("place", label, points, PLACE, why)


def salary_part(low: int | None, high: int | None, expected: int | None) -> dict:
    """Within the range: full points; up to 10 % above: half; further above: none."""
    label = "Salary expectation"
    top = high or low
    if expected is None or top is None:
        return _part("salary", label, SALARY / 2, SALARY, "No salary to compare.")
    if expected <= top:
        return _part("salary", label, SALARY, SALARY, "Within the range.")
    if expected <= top * 1.1:
        return _part("salary", label, SALARY / 2, SALARY, "Up to 10 % above range.")
    return _part("salary", label, 0, SALARY, "More than 10 % above the range.")


def score_application(opening, application) -> tuple[int, list[dict]]:
    """The match score (0-100) and its parts, from the opening and the application."""
    found = list(application.parsed_skills or [])
    if application.cover_letter:
        from app.hiring.resumes import find_skills

        found += find_skills(application.cover_letter, opening.required_skills or [])
    years = application.years_experience
    if years is None:
        years = application.parsed_years
    parts = [
        skills_part(opening.required_skills or [], found),
        level_part(opening.experience_level, years),
        place_part(opening.location, opening.work_mode, application.location or ""),
        salary_part(
            opening.salary_min, opening.salary_max, application.expected_salary
        ),
    ]
    return sum(part["points"] for part in parts), parts


def rescore(application) -> None:
    """Store the application's match score and parts (the caller flushes)."""
    application.match_score, application.match_parts = score_application(
        application.opening, application
    )
