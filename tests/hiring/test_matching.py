"""The match score's parts on fixed data: exact points and reasons."""

from types import SimpleNamespace

from app.hiring import matching


def _opening(**fields):
    base = {
        "required_skills": ["Python", "PostgreSQL", "Kubernetes", "Go"],
        "experience_level": "senior",
        "location": "Berlin, Germany",
        "work_mode": "hybrid",
        "salary_min": 60000,
        "salary_max": 80000,
    }
    return SimpleNamespace(**{**base, **fields})


def _application(**fields):
    base = {
        "parsed_skills": ["python", "postgresql", "kubernetes", "docker"],
        "cover_letter": "",
        "years_experience": None,
        "parsed_years": 6,
        "location": "Berlin",
        "expected_salary": 75000,
    }
    return SimpleNamespace(**{**base, **fields})


def test_exact_parts_on_fixed_data():
    score, parts = matching.score_application(_opening(), _application())
    by_key = {p["key"]: p for p in parts}
    assert by_key["skills"]["points"] == 38  # 3 of 4 of 50 = 37.5, rounded
    assert "missing go" in by_key["skills"]["why"]
    assert by_key["level"]["points"] == 20  # 6 years reads as senior
    assert by_key["place"]["points"] == 15  # Berlin office, based in Berlin
    assert by_key["salary"]["points"] == 15  # within the range
    assert score == 88


def test_parts_change_with_each_input():
    _, parts = matching.score_application(
        _opening(work_mode="on_site"),
        _application(
            years_experience=2,
            location="Lisbon",
            expected_salary=85000,
            parsed_skills=[],
        ),
    )
    by_key = {p["key"]: p["points"] for p in parts}
    assert by_key == {"skills": 0, "level": 10, "place": 0, "salary": 8}


def test_unknowns_earn_half_and_remote_fits_anyone():
    _, parts = matching.score_application(
        _opening(
            required_skills=[], work_mode="remote", salary_max=None, salary_min=None
        ),
        _application(parsed_years=None, location=""),
    )
    by_key = {p["key"]: p["points"] for p in parts}
    assert by_key == {"skills": 25, "level": 10, "place": 15, "salary": 8}


def test_far_above_range_and_far_off_level_score_zero():
    _, parts = matching.score_application(
        _opening(experience_level="intern"),
        _application(years_experience=15, expected_salary=200000),
    )
    by_key = {p["key"]: p["points"] for p in parts}
    assert by_key["level"] == 0 and by_key["salary"] == 0
