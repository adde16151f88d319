"""The questions API: list, add, read, edit, delete, reorder, approve, draft with AI."""

import pytest

from app.extensions import db
from app.models import Question
from tests import factories
from tests.support.asserts import assert_error

pytestmark = [
    pytest.mark.product(description="Payments APIs in Python."),
    pytest.mark.interview(
        status="draft", questions=0, skills=["python", "sql"], follow_up_depth=2
    ),
]

API = "/api/v1"


@pytest.fixture
def questions(interview):
    return [
        factories.make_question(interview, text=f"Question {n}?", position=n)
        for n in range(3)
    ]


def _ids(body):
    return [item["id"] for item in body["items"]]


# ---------------------------------------------------------------- auth and ownership
INTERVIEW_LEVEL = [
    ("GET", "/interviews/{id}/questions", None),
    ("POST", "/interviews/{id}/questions", {"text": "A new question?"}),
    ("POST", "/interviews/{id}/questions/generate", {"count": 2}),
    ("POST", "/interviews/{id}/questions/reorder", {"question_ids": []}),
    ("POST", "/interviews/{id}/questions/approve", None),
]
QUESTION_LEVEL = [
    ("GET", "/questions/{id}", None),
    ("PATCH", "/questions/{id}", {"text": "Changed text?"}),
    ("DELETE", "/questions/{id}", None),
    ("POST", "/questions/{id}/approve", None),
]


@pytest.mark.parametrize("method, path, body", INTERVIEW_LEVEL + QUESTION_LEVEL)
def test_every_operation_needs_a_token(api, interview, questions, method, path, body):
    record_id = interview.id if path.startswith("/interviews") else questions[0].id
    response = api.request(method, API + path.format(id=record_id), json=body)
    assert_error(response, 401, "AUTH_ERROR")


@pytest.mark.parametrize("method, path, body", INTERVIEW_LEVEL + QUESTION_LEVEL)
def test_another_recruiters_questions_are_not_found(
    api, other_recruiter, interview, questions, method, path, body
):
    api.login(other_recruiter)
    record_id = interview.id if path.startswith("/interviews") else questions[0].id
    response = api.request(method, API + path.format(id=record_id), json=body)
    assert_error(response, 404, "NOT_FOUND")
    db.session.expire_all()
    assert [q.text for q in Question.query.order_by(Question.position)] == [
        "Question 0?",
        "Question 1?",
        "Question 2?",
    ]


# ---------------------------------------------------------------- list, add, read
def test_list_is_in_order(api, recruiter, interview, questions):
    api.login(recruiter)
    body = api.get(f"{API}/interviews/{interview.id}/questions").get_json()
    assert _ids(body) == [q.id for q in questions]
    assert body["meta"] == {"page": 1, "per_page": 50, "total": 3}
    body = api.get(
        f"{API}/interviews/{interview.id}/questions?per_page=2&page=2"
    ).get_json()
    assert _ids(body) == [questions[2].id]
    response = api.get(f"{API}/interviews/{interview.id}/questions?per_page=0")
    assert_error(response, 422, "VALIDATION_ERROR")


def test_added_questions_are_manual_approved_and_last(
    api, recruiter, interview, questions
):
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions",
        json={
            "text": "  How do you review code?  ",
            "kind": "behavioral",
            "difficulty": "easy",
            "skills": ["code review"],
            "key_points": ["tone", "tone", "focus on risk"],
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["text"] == "How do you review code?"
    assert (body["source"], body["approved"], body["position"]) == ("manual", True, 3)
    assert body["follow_up_budget"] == 2  # the interview's follow-up depth
    assert body["key_points"] == ["tone", "focus on risk"]
    assert body["interview_id"] == interview.id


def test_added_question_defaults(api, recruiter, interview):
    api.login(recruiter)
    body = api.post(
        f"{API}/interviews/{interview.id}/questions",
        json={"text": "Explain indexes.", "follow_up_budget": 0},
    ).get_json()
    assert (body["kind"], body["difficulty"], body["follow_up_budget"]) == (
        "technical",
        "medium",
        0,
    )
    assert body["key_points"] == [] and body["model_answer"] == ""


@pytest.mark.parametrize(
    "field, value",
    [
        ("text", "Hm?"),
        ("text", "x" * 2001),
        ("kind", "trivia"),
        ("difficulty", "extreme"),
        ("follow_up_budget", 4),
        ("follow_up_budget", -1),
        ("key_points", ["x" * 301]),
        ("key_points", [f"point {n}" for n in range(11)]),
        ("skills", "sql"),
        ("approved", False),
        ("source", "ai"),
        ("position", 0),
    ],
)
def test_add_rejects_invalid_fields(api, recruiter, interview, field, value):
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions",
        json={"text": "A valid question?", field: value},
    )
    assert list(assert_error(response, 422, "VALIDATION_ERROR")["details"]) == [field]
    assert Question.query.count() == 0


def test_an_interview_holds_at_most_50_questions(api, recruiter, interview):
    for position in range(50):
        db.session.add(
            Question(interview_id=interview.id, text="Q?", position=position)
        )
    db.session.commit()
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions", json={"text": "One more?"}
    )
    assert_error(response, 409, "INTERACTION_ERROR")
    response = api.post(
        f"{API}/interviews/{interview.id}/questions/generate", json={"count": 1}
    )
    assert_error(response, 409, "INTERACTION_ERROR")


def test_get_a_question_with_its_key_points(api, recruiter, interview):
    question = factories.make_question(
        interview, key_points=["a", "b"], model_answer="m"
    )
    api.login(recruiter)
    body = api.get(f"{API}/questions/{question.id}").get_json()
    assert body["key_points"] == ["a", "b"] and body["model_answer"] == "m"


# ---------------------------------------------------------------- edit and delete
def test_patch_is_partial(api, recruiter, interview, questions):
    api.login(recruiter)
    response = api.patch(
        f"{API}/questions/{questions[1].id}",
        json={"difficulty": "hard", "skills": ["go"]},
    )
    body = response.get_json()
    assert response.status_code == 200
    assert (body["difficulty"], body["skills"], body["text"]) == (
        "hard",
        ["go"],
        "Question 1?",
    )


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": ""}, "text"),
        ({"approved": "yes"}, "approved"),
        ({"position": 3}, "position"),
        ({"source": "manual"}, "source"),
    ],
)
def test_patch_rejects_invalid_fields(api, recruiter, questions, body, field):
    api.login(recruiter)
    response = api.patch(f"{API}/questions/{questions[0].id}", json=body)
    assert list(assert_error(response, 422, "VALIDATION_ERROR")["details"]) == [field]


def test_the_last_approved_question_of_an_active_interview_stays(
    api, recruiter, interview
):
    keep = factories.make_question(interview)
    draft = factories.make_question(interview, approved=False)
    interview.status = "active"
    db.session.commit()
    api.login(recruiter)
    response = api.patch(f"{API}/questions/{keep.id}", json={"approved": False})
    assert_error(response, 409, "INTERACTION_ERROR")
    assert_error(api.delete(f"{API}/questions/{keep.id}"), 409, "INTERACTION_ERROR")
    assert api.delete(f"{API}/questions/{draft.id}").status_code == 204
    assert (
        api.patch(f"{API}/questions/{keep.id}", json={"text": "Edited?"}).status_code
        == 200
    )
    db.session.expire_all()
    assert db.session.get(Question, keep.id).approved is True


def test_unapproving_and_deleting_are_fine_while_another_is_approved(
    api, recruiter, interview, questions
):
    interview.status = "active"
    db.session.commit()
    api.login(recruiter)
    body = api.patch(
        f"{API}/questions/{questions[0].id}", json={"approved": False}
    ).get_json()
    assert body["approved"] is False
    assert api.delete(f"{API}/questions/{questions[1].id}").status_code == 204


def test_delete_closes_the_gap_in_positions(api, recruiter, interview, questions):
    api.login(recruiter)
    assert api.delete(f"{API}/questions/{questions[0].id}").status_code == 204
    body = api.get(f"{API}/interviews/{interview.id}/questions").get_json()
    assert [(item["id"], item["position"]) for item in body["items"]] == [
        (questions[1].id, 0),
        (questions[2].id, 1),
    ]
    assert_error(api.get(f"{API}/questions/{questions[0].id}"), 404, "NOT_FOUND")


# ---------------------------------------------------------------- reorder
def test_reorder_takes_the_full_list(api, recruiter, interview, questions):
    api.login(recruiter)
    order = [questions[2].id, questions[0].id, questions[1].id]
    response = api.post(
        f"{API}/interviews/{interview.id}/questions/reorder",
        json={"question_ids": order},
    )
    assert response.status_code == 200
    assert _ids(response.get_json()) == order
    detail = api.get(f"{API}/interviews/{interview.id}").get_json()
    assert [q["id"] for q in detail["questions"]] == order
    assert [q["position"] for q in detail["questions"]] == [0, 1, 2]


@pytest.mark.parametrize(
    "pick",
    [
        lambda qs, other: [qs[0].id, qs[1].id],  # one missing
        lambda qs, other: [q.id for q in qs] + [other.id],  # one too many
        lambda qs, other: [qs[0].id, qs[1].id, other.id],  # another interview's
        lambda qs, other: [],
    ],
)
def test_reorder_rejects_a_list_that_is_not_the_interviews_ids(
    api, recruiter, product, interview, questions, pick
):
    other = factories.make_question(factories.make_interview(product, questions=0))
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions/reorder",
        json={"question_ids": pick(questions, other)},
    )
    error = assert_error(response, 409, "CONFLICT")
    assert set(error["details"]) == {"missing", "unknown"}
    db.session.expire_all()
    assert [q.id for q in db.session.get(type(interview), interview.id).questions] == [
        q.id for q in questions
    ]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question_ids": "1,2"},
        {"question_ids": [1, 1]},
        {"question_ids": [0]},
        {"question_ids": ["1"]},
        {"question_ids": [1], "extra": True},
    ],
)
def test_reorder_validates_its_body(api, recruiter, interview, questions, body):
    api.login(recruiter)
    response = api.post(f"{API}/interviews/{interview.id}/questions/reorder", json=body)
    assert_error(response, 422, "VALIDATION_ERROR")


# ---------------------------------------------------------------- approve
def test_approve_one_and_approve_all(api, recruiter, interview):
    first = factories.make_question(interview, approved=False, source="bank")
    factories.make_question(interview, approved=False, source="ai")
    api.login(recruiter)
    body = api.post(f"{API}/questions/{first.id}/approve").get_json()
    assert body["approved"] is True and body["source"] == "bank"
    body = api.post(f"{API}/interviews/{interview.id}/questions/approve").get_json()
    assert [item["approved"] for item in body["items"]] == [True, True]
    assert body["meta"]["total"] == 2


# ---------------------------------------------------------------- generate
def test_generate_appends_unapproved_bank_drafts(api, recruiter, interview, questions):
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions/generate", json={"count": 4}
    )
    assert response.status_code == 201
    drafts = response.get_json()["items"]
    assert len(drafts) == 4
    assert {d["source"] for d in drafts} == {"bank"}
    assert not any(d["approved"] for d in drafts)
    assert [d["position"] for d in drafts] == [3, 4, 5, 6]
    assert all(3 <= len(d["key_points"]) <= 5 for d in drafts)
    assert all(d["follow_up_budget"] == 2 for d in drafts)
    detail = api.get(f"{API}/interviews/{interview.id}").get_json()
    assert detail["counts"]["draft_questions"] == 4


def test_generate_defaults_to_five(api, recruiter, interview):
    api.login(recruiter)
    response = api.post(f"{API}/interviews/{interview.id}/questions/generate")
    assert len(response.get_json()["items"]) == 5


@pytest.mark.parametrize("count", [0, 11, "3", 2.5, None])
def test_generate_validates_the_count(api, recruiter, interview, count):
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions/generate", json={"count": count}
    )
    assert list(assert_error(response, 422, "VALIDATION_ERROR")["details"]) == ["count"]


@pytest.mark.parametrize("provider", ["gemini", "nonexistent"])
def test_generate_reports_an_unavailable_provider_as_config_error(
    app, api, recruiter, interview, monkeypatch, provider
):
    monkeypatch.setitem(app.config, "AI_PROVIDER", provider)
    monkeypatch.setitem(app.config, "GEMINI_API_KEY", None)
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{interview.id}/questions/generate", json={"count": 2}
    )
    assert_error(response, 503, "CONFIG_ERROR")
    assert Question.query.count() == 0


def test_question_operations_are_documented(api, admin):
    api.login(admin)
    paths = api.get("/apispec.json").get_json()["paths"]
    assert set(paths["/api/v1/interviews/{interview_id}/questions"]) == {"get", "post"}
    assert set(paths["/api/v1/questions/{question_id}"]) == {"get", "patch", "delete"}
    generate = paths["/api/v1/interviews/{interview_id}/questions/generate"]["post"]
    assert {"201", "409", "503"} <= set(generate["responses"])
    for path in ("reorder", "approve"):
        assert "post" in paths[f"/api/v1/interviews/{{interview_id}}/questions/{path}"]
    assert "post" in paths["/api/v1/questions/{question_id}/approve"]
