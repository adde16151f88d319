"""Feedback, stats and skill gaps with exact numbers on seeded sessions."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import PracticeSession, utcnow
from app.practice import feedback
from tests import factories


def _answer(tag, score, category="technical", quote="I measured it first."):
    return {
        "bank_id": f"q-{tag}-{score}",
        "question": f"A question about {tag}?",
        "kind": "technical",
        "category": category,
        "tag": tag,
        "difficulty": "medium",
        "answer": quote + " Then I fixed it.",
        "score": score,
        "good": ["Measures first"],
        "missing": [f"Explains {tag} trade-offs"],
        "quote": quote,
        "comment": "",
        "model_answer": ["Measure", "Fix"],
        "evaluator": "basic",
    }


def _seed(user, track, overall, answers, days_ago, status="completed"):
    ended = utcnow() - timedelta(days=days_ago)
    practice = PracticeSession(
        user_id=user.id,
        status=status,
        track=track,
        company="general",
        difficulty="medium",
        length=3,
        plan=[],
        overall_score=overall if status == "completed" else None,
        feedback={"overall": overall, "answers": answers}
        if status == "completed"
        else {},
        started_at=ended - timedelta(minutes=20),
        ended_at=ended,
    )
    db.session.add(practice)
    db.session.commit()
    return practice


@pytest.fixture
def seeded():
    user = factories.make_user(role="candidate", email="sam@example.com")
    _seed(
        user,
        "backend",
        60.0,
        [
            _answer("databases", 4.0),
            _answer("caching", 8.0),
            _answer("api-design", 6.0),
        ],
        3,
    )
    _seed(
        user,
        "backend",
        80.0,
        [
            _answer("databases", 6.0),
            _answer("caching", 10.0),
            _answer("ownership", 8.0, "behavioural"),
        ],
        2,
    )
    _seed(
        user,
        "behavioral",
        50.0,
        [
            _answer("ownership", 3.0, "behavioural", "We shipped it."),
            _answer("conflict", 7.0, "behavioural"),
        ],
        1,
    )
    _seed(user, "frontend", None, [], 0, status="cancelled")
    return user


def test_stats_exact_numbers(api, seeded):
    api.login(seeded)
    body = api.get("/api/v1/practice/stats").get_json()
    assert body["sessions_started"] == 4
    assert body["sessions_completed"] == 3
    assert body["average_score"] == 63.3
    assert body["best_score"] == 80.0
    assert body["questions_answered"] == 8
    assert body["account_status"] == "active"
    assert body["tracks"] == [
        {"track": "backend", "sessions": 2, "average_score": 70.0},
        {"track": "behavioral", "sessions": 1, "average_score": 50.0},
    ]
    tags = {row["tag"]: (row["answers"], row["average_score"]) for row in body["tags"]}
    assert tags == {
        "api-design": (1, 6.0),
        "caching": (2, 9.0),
        "conflict": (1, 7.0),
        "databases": (2, 5.0),
        "ownership": (2, 5.5),
    }
    assert [p["score"] for p in body["trend"]] == [60.0, 80.0, 50.0]


def test_skill_gaps_lowest_first_with_evidence(api, seeded):
    api.login(seeded)
    body = api.get("/api/v1/practice/skill-gaps").get_json()
    assert [(g["tag"], g["average_score"]) for g in body["gaps"]] == [
        ("databases", 5.0),
        ("ownership", 5.5),
        ("api-design", 6.0),
    ]
    ownership = body["gaps"][1]
    assert ownership["evidence"][0]["quote"] == "We shipped it."
    assert ownership["evidence"][0]["score"] == 3.0
    assert ownership["recommendation"] == {
        "track": "behavioral",  # where the weakest ownership answer was
        "tag": "ownership",
        "difficulty": "medium",
    }
    assert body["gaps"][0]["recommendation"] == {
        "track": "backend",
        "tag": "databases",
        "difficulty": "medium",
    }
    competencies = {c["competency"]: c["average_score"] for c in body["competencies"]}
    assert competencies == {"technical": 6.8, "behavioural": 6.0}


def test_stats_are_empty_for_a_new_candidate(api):
    api.login(factories.make_user(role="candidate"))
    body = api.get("/api/v1/practice/stats").get_json()
    assert (body["sessions_started"], body["average_score"], body["trend"]) == (
        0,
        None,
        [],
    )
    assert api.get("/api/v1/practice/skill-gaps").get_json() == {
        "gaps": [],
        "competencies": [],
    }


def test_basic_score_exact():
    points = ["Measure the latency", "Add an index", "Roll out gradually"]
    answer = (
        "First I would measure the latency with tracing, because we need data. "
        "Then I would add an index on the filter column. Finally we check it."
    )
    result = feedback.basic_score(answer, points)
    assert result["covered"] == ["Measure the latency", "Add an index"]
    assert result["missed"] == ["Roll out gradually"]
    # coverage 2/3 -> 6 x 2/3 = 4.0; specific: I, I, we, we = 4/4 -> 2.0;
    # structure: first, because, then, finally = 4/3 + 3 sentences/8, capped -> 2.0
    assert result["score"] == 8.0


def test_feedback_quotes_are_verbatim_sentences():
    answer = "I led the migration. It took two weeks! We cut costs by 30%."
    assert feedback.best_quote(answer, ["costs cut"]) == "We cut costs by 30%."
    assert all(s in answer for s in feedback.sentences(answer))
