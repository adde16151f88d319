"""Choosing practice questions: adaptive difficulty up and down, tag diversity, no
repeats across sessions, and the least recently seen once a cell is exhausted."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import BankQuestion, PracticeSession, SeenQuestion, utcnow
from app.practice import selection
from tests.practice.conftest import LONG_ANSWER, run_session

SESSIONS = "/api/v1/practice/sessions"
WEAK_ANSWER = "I am not sure, maybe add a server."


@pytest.mark.parametrize(
    "current, strength, expected",
    [
        ("medium", "strong", "hard"),
        ("medium", "weak", "easy"),
        ("medium", "steady", "medium"),
        ("hard", "strong", "hard"),
        ("easy", "weak", "easy"),
    ],
)
def test_next_difficulty(current, strength, expected):
    assert selection.next_difficulty(current, strength) == expected


def test_answer_strength():
    points = ["Measure latency first", "Add an index on the filter columns"]
    strong = (
        "I would measure latency first with the query logs and tracing. " * 4
        + "Then I would add an index on the filter columns and check the plan again."
    )
    assert selection.answer_strength(strong, points) == "strong"
    assert selection.answer_strength("Add a server.", points) == "weak"


def _plan(session_id):
    db.session.expire_all()
    return db.session.get(PracticeSession, session_id).plan


def _answer_first_main(api, make_answer):
    """Start a session, answer the warm-up, answer main question 1 with
    make_answer(its bank question); the plan afterwards."""
    session_id = api.post(
        SESSIONS, json={"track": "backend", "company": "general", "length": 4}
    ).get_json()["id"]
    api.post(f"{SESSIONS}/{session_id}/start")
    api.post(
        f"{SESSIONS}/{session_id}/answers", json={"client_id": "w", "text": LONG_ANSWER}
    )
    main = [item for item in _plan(session_id) if item["kind"] != "warmup"]
    question = db.session.get(BankQuestion, main[0]["bank_id"])
    reply = api.post(
        f"{SESSIONS}/{session_id}/answers",
        json={"client_id": "m1", "text": make_answer(question)},
    )
    assert reply.status_code == 200, reply.get_json()
    return [item for item in _plan(session_id) if item["kind"] != "warmup"]


def _strong(question):
    answer = " ".join(question.key_points) + ". " + LONG_ANSWER
    assert selection.answer_strength(answer, question.key_points) == "strong"
    return answer


def test_a_strong_answer_raises_the_next_difficulty(api, candidate):
    api.login(candidate)
    main = _answer_first_main(api, _strong)
    assert [item["difficulty"] for item in main[:2]] == ["medium", "hard"]


def test_a_weak_answer_lowers_the_next_difficulty(api, candidate):
    api.login(candidate)
    main = _answer_first_main(api, lambda question: WEAK_ANSWER)
    assert [item["difficulty"] for item in main[:2]] == ["medium", "easy"]


def test_no_two_consecutive_questions_share_a_main_tag(api, candidate):
    api.login(candidate)
    session_id, _ = run_session(api, length=6, difficulty="medium")
    tags = [item["main_tag"] for item in _plan(session_id) if item["kind"] != "warmup"]
    assert len(tags) == 6
    assert all(a != b for a, b in zip(tags, tags[1:], strict=False)), tags
    assert len(set(tags)) >= 4  # spread over the track's tags


def test_no_repeats_across_three_sessions(api, candidate):
    user_id = candidate.id
    api.login(candidate)
    asked = []
    for _ in range(3):
        session_id, _ = run_session(
            api, length=3, company="general", difficulty="medium"
        )
        asked += [i["bank_id"] for i in _plan(session_id) if i["kind"] != "warmup"]
    assert len(asked) == 9 and len(set(asked)) == 9
    assert SeenQuestion.query.filter_by(user_id=user_id).count() >= 9


def test_an_exhausted_cell_gives_the_least_recently_seen(api, candidate):
    cell = BankQuestion.query.filter_by(
        track="backend", company="amazon", difficulty="hard"
    ).all()
    main = [q for q in cell if q.kind != "warmup"]
    now = utcnow()
    for n, question in enumerate(sorted(main, key=lambda q: q.id)):
        db.session.add(
            SeenQuestion(
                user_id=candidate.id,
                bank_question_id=question.id,
                first_seen_at=now - timedelta(days=30),
                last_seen_at=now - timedelta(days=n),
            )
        )
    db.session.commit()
    oldest_id = sorted(main, key=lambda q: q.id)[-1].id
    user_id = candidate.id
    api.login(candidate)
    session_id = api.post(
        SESSIONS,
        json={
            "track": "backend",
            "company": "amazon",
            "difficulty": "hard",
            "length": 3,
        },
    ).get_json()["id"]
    api.post(f"{SESSIONS}/{session_id}/start")
    first_main = [i for i in _plan(session_id) if i["kind"] != "warmup"][0]
    assert first_main["bank_id"] == oldest_id
    seen = SeenQuestion.query.filter_by(
        user_id=user_id, bank_question_id=oldest_id
    ).one()
    assert seen.times_seen == 2


def test_choose_prefers_unseen_then_oldest():
    def q(id_, tag):
        return BankQuestion(id=id_, main_tag=tag)

    a, b, c = q("a", "x"), q("b", "y"), q("c", "x")
    now = utcnow()
    seen = {"a": now, "b": now - timedelta(days=2), "c": now - timedelta(days=1)}
    assert (
        selection.choose(
            [a, b, c], previous_tag=None, used_tags=set(), last_seen=seen, seed="s"
        ).id
        == "b"
    )
    assert (
        selection.choose(
            [a, b, c], previous_tag="y", used_tags=set(), last_seen={"a": now}, seed="s"
        ).id
        == "c"
    )
