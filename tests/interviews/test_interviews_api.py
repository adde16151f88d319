"""The interviews API: list, create, read, edit, delete, activate, close, duplicate."""

import pytest

from app.extensions import db
from app.models import AuditEvent, Interview, default_rubric, utcnow
from tests import factories
from tests.support.asserts import assert_error

pytestmark = pytest.mark.interview(status="draft", questions=0, skills=["python"])

API = "/api/v1"


def _rubric(**weights):
    rubric = default_rubric()
    for item in rubric:
        item["weight"] = weights.get(item["key"], item["weight"])
    return rubric


# ---------------------------------------------------------------- auth and ownership
INTERVIEW_OPERATIONS = [
    ("GET", "/interviews/{id}", None),
    ("PATCH", "/interviews/{id}", {"role_title": "Changed"}),
    ("DELETE", "/interviews/{id}", None),
    ("POST", "/interviews/{id}/activate", None),
    ("POST", "/interviews/{id}/close", None),
    ("POST", "/interviews/{id}/duplicate", {}),
]
PRODUCT_OPERATIONS = [
    ("GET", "/products/{id}/interviews", None),
    ("POST", "/products/{id}/interviews", {"role_title": "Backend Engineer"}),
]


@pytest.mark.parametrize(
    "method, path, body", INTERVIEW_OPERATIONS + PRODUCT_OPERATIONS
)
def test_every_operation_needs_a_token(api, interview, method, path, body):
    record_id = interview.product_id if "products" in path else interview.id
    response = api.request(method, API + path.format(id=record_id), json=body)
    assert_error(response, 401, "AUTH_ERROR")


@pytest.mark.parametrize(
    "method, path, body", INTERVIEW_OPERATIONS + PRODUCT_OPERATIONS
)
def test_another_recruiters_records_are_not_found(
    api, other_recruiter, interview, method, path, body
):
    api.login(other_recruiter)
    record_id = interview.product_id if "products" in path else interview.id
    response = api.request(method, API + path.format(id=record_id), json=body)
    assert_error(response, 404, "NOT_FOUND")
    db.session.expire_all()
    stored = db.session.get(Interview, interview.id)
    assert stored.role_title == "Backend Engineer" and stored.status == "draft"


def test_candidates_are_forbidden(api, interview):
    candidate = factories.make_user(role="candidate")
    api.login(candidate)
    assert_error(api.get(f"{API}/interviews/{interview.id}"), 403, "FORBIDDEN")


def test_admins_see_every_interview(api, admin, interview):
    api.login(admin)
    assert api.get(f"{API}/interviews/{interview.id}").status_code == 200


# ---------------------------------------------------------------- list and create
def test_list_is_paginated_newest_first_and_filters_by_status(api, recruiter, product):
    older = factories.make_interview(product)
    newer = factories.make_interview(product, status="active")
    api.login(recruiter)
    body = api.get(f"{API}/products/{product.id}/interviews").get_json()
    assert [item["id"] for item in body["items"]] == [newer.id, older.id]
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 2}
    assert body["items"][0]["counts"]["questions"] == 2
    assert "questions" not in body["items"][0]
    body = api.get(
        f"{API}/products/{product.id}/interviews?status=draft&per_page=1"
    ).get_json()
    assert [item["id"] for item in body["items"]] == [older.id]
    response = api.get(f"{API}/products/{product.id}/interviews?status=open")
    assert "status" in assert_error(response, 422, "VALIDATION_ERROR")["details"]


def test_create_answers_201_with_the_defaults(api, recruiter, product):
    api.login(recruiter)
    response = api.post(
        f"{API}/products/{product.id}/interviews",
        json={"role_title": "  Data Engineer  ", "skills": ["SQL", "sql", "Spark"]},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["role_title"] == "Data Engineer"
    assert body["skills"] == ["SQL", "Spark"]
    assert body["status"] == "draft"
    assert body["product"] == {"id": product.id, "name": product.name}
    # The rubric is drafted from the role: its competencies, not answer qualities.
    keys = [item["key"] for item in body["rubric"]]
    assert keys == ["data-pipelines", "data-modelling", "ownership", "communication"]
    assert sum(item["weight"] for item in body["rubric"]) == 100
    assert body["rubric_version"] == 1
    assert (body["advance_threshold"], body["consider_threshold"]) == (7.5, 5.0)
    assert body["invite_expiry_days"] == 7 and body["follow_up_depth"] == 1
    assert body["questions"] == []
    assert body["counts"]["questions"] == 0


def test_create_takes_every_setting(api, recruiter, product):
    api.login(recruiter)
    settings = {
        "role_title": "Mobile Engineer",
        "job_description": "Build our iOS app.",
        "seniority": "senior",
        "skills": ["swift"],
        "language": "pt-BR",
        "persona_name": "Maya",
        "persona_tone": "friendly",
        "extra_instructions": "Ask for examples.",
        "time_limit_minutes": 45,
        "follow_up_depth": 3,
        "rubric": _rubric(relevance=20, accuracy=40),
        "advance_threshold": 8,
        "consider_threshold": 6.5,
        "invite_expiry_days": 30,
    }
    body = api.post(f"{API}/products/{product.id}/interviews", json=settings).get_json()
    for key, value in settings.items():
        assert body[key] == value, key


def test_create_rejects_malformed_json(api, recruiter, product):
    api.login(recruiter)
    response = api.post(
        f"{API}/products/{product.id}/interviews",
        data="{nope",
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 400, "INVALID_REQUEST")


def test_create_under_an_archived_product_is_an_interaction_error(
    api, recruiter, product
):
    product.archived_at = utcnow()
    db.session.commit()
    api.login(recruiter)
    response = api.post(
        f"{API}/products/{product.id}/interviews", json={"role_title": "QA"}
    )
    assert_error(response, 409, "INTERACTION_ERROR")


# ---------------------------------------------------------------- read and edit
def test_detail_has_ordered_questions_with_key_points_and_counts(
    api, recruiter, interview
):
    second = factories.make_question(interview, text="Second?", position=1)
    first = factories.make_question(
        interview, text="First?", position=0, key_points=["k1"], model_answer="m"
    )
    factories.make_question(interview, text="Draft?", position=2, approved=False)
    api.login(recruiter)
    body = api.get(f"{API}/interviews/{interview.id}").get_json()
    assert [q["id"] for q in body["questions"]] == [
        first.id,
        second.id,
        body["questions"][2]["id"],
    ]
    assert body["questions"][0]["key_points"] == ["k1"]
    assert body["questions"][0]["model_answer"] == "m"
    assert body["counts"] == {
        "questions": 3,
        "approved_questions": 2,
        "draft_questions": 1,
        "invitations": 0,
        "sessions": 0,
        "completed_sessions": 0,
    }


def test_patch_is_partial(api, recruiter, interview):
    api.login(recruiter)
    response = api.patch(
        f"{API}/interviews/{interview.id}", json={"persona_tone": "crisp", "skills": []}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["persona_tone"] == "crisp"
    assert body["skills"] == []
    assert body["role_title"] == "Backend Engineer"
    assert api.patch(f"{API}/interviews/{interview.id}", json={}).status_code == 200


def test_patch_rubric_bumps_the_version(api, recruiter, interview):
    api.login(recruiter)
    rubric = _rubric(relevance=25, completeness=30)
    body = api.patch(
        f"{API}/interviews/{interview.id}", json={"rubric": rubric}
    ).get_json()
    assert body["rubric"] == rubric and body["rubric_version"] == 2
    body = api.patch(
        f"{API}/interviews/{interview.id}", json={"rubric": rubric}
    ).get_json()
    assert body["rubric_version"] == 2


def test_patch_checks_thresholds_against_stored_values(api, recruiter, interview):
    api.login(recruiter)
    response = api.patch(
        f"{API}/interviews/{interview.id}", json={"consider_threshold": 9}
    )
    assert (
        "consider_threshold"
        in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    )


@pytest.mark.parametrize(
    "body, field",
    [
        ({"role_title": " "}, "role_title"),
        ({"status": "active"}, "status"),
        ({"rubric": _rubric(accuracy=10)}, "rubric"),
        ({"invite_expiry_days": 100}, "invite_expiry_days"),
    ],
)
def test_patch_rejects_invalid_fields(api, recruiter, interview, body, field):
    api.login(recruiter)
    response = api.patch(f"{API}/interviews/{interview.id}", json=body)
    assert list(assert_error(response, 422, "VALIDATION_ERROR")["details"]) == [field]


def test_missing_interview_is_not_found(api, recruiter):
    api.login(recruiter)
    assert_error(api.get(f"{API}/interviews/999999"), 404, "NOT_FOUND")


# ---------------------------------------------------------------- status and delete
def test_activation_without_an_approved_question_is_refused(api, recruiter, interview):
    factories.make_question(interview, approved=False, source="ai")
    api.login(recruiter)
    response = api.post(f"{API}/interviews/{interview.id}/activate")
    error = assert_error(response, 409, "INTERACTION_ERROR")
    assert "Approve at least one question" in error["message"]


def test_activate_close_and_reopen(api, recruiter, interview):
    factories.make_question(interview)
    api.login(recruiter)
    body = api.post(f"{API}/interviews/{interview.id}/activate").get_json()
    assert body["status"] == "active" and body["activated_at"]
    body = api.post(f"{API}/interviews/{interview.id}/close").get_json()
    assert body["status"] == "closed" and body["closed_at"]
    body = api.post(f"{API}/interviews/{interview.id}/activate").get_json()
    assert body["status"] == "active" and body["closed_at"] is None
    actions = [event.action for event in AuditEvent.query.order_by(AuditEvent.id)]
    assert actions[-3:] == [
        "interview.activated",
        "interview.closed",
        "interview.activated",
    ]


def test_closing_a_draft_is_refused(api, recruiter, interview):
    api.login(recruiter)
    assert_error(
        api.post(f"{API}/interviews/{interview.id}/close"), 409, "INTERACTION_ERROR"
    )


def test_delete_a_draft(api, recruiter, interview):
    factories.make_question(interview)
    api.login(recruiter)
    response = api.delete(f"{API}/interviews/{interview.id}")
    assert response.status_code == 204 and response.data == b""
    assert db.session.get(Interview, interview.id) is None
    assert AuditEvent.query.filter_by(action="interview.deleted").count() == 1
    assert_error(api.get(f"{API}/interviews/{interview.id}"), 404, "NOT_FOUND")


@pytest.mark.parametrize("status", ["active", "closed"])
def test_active_and_closed_interviews_cannot_be_deleted(
    api, recruiter, product, status
):
    interview = factories.make_interview(product, status=status)
    api.login(recruiter)
    response = api.delete(f"{API}/interviews/{interview.id}")
    assert (
        "Close it instead"
        in assert_error(response, 409, "INTERACTION_ERROR")["message"]
    )
    assert db.session.get(Interview, interview.id) is not None


def test_duplicate_answers_201_with_the_copy(api, recruiter, product):
    source = factories.make_interview(product, status="active")
    api.login(recruiter)
    response = api.post(f"{API}/interviews/{source.id}/duplicate")
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] != source.id
    assert body["role_title"] == "Backend Engineer (copy)"
    assert body["status"] == "draft"
    assert [q["text"] for q in body["questions"]] == ["Question 1?", "Question 2?"]
    assert all(q["approved"] for q in body["questions"])


def test_duplicate_with_a_title_into_another_product(api, recruiter, product):
    source = factories.make_interview(product)
    target = factories.make_product(recruiter)
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{source.id}/duplicate",
        json={"role_title": "Platform Engineer", "product_id": target.id},
    )
    body = response.get_json()
    assert body["role_title"] == "Platform Engineer"
    assert body["product"]["id"] == target.id


def test_duplicate_into_someone_elses_product_is_not_found(
    api, recruiter, other_recruiter, product
):
    source = factories.make_interview(product)
    theirs = factories.make_product(other_recruiter)
    api.login(recruiter)
    response = api.post(
        f"{API}/interviews/{source.id}/duplicate", json={"product_id": theirs.id}
    )
    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"role_title": "x"}, "role_title"),
        ({"product_id": 0}, "product_id"),
        ({"status": "active"}, "status"),
    ],
)
def test_duplicate_validates_its_body(api, recruiter, interview, body, field):
    api.login(recruiter)
    response = api.post(f"{API}/interviews/{interview.id}/duplicate", json=body)
    assert list(assert_error(response, 422, "VALIDATION_ERROR")["details"]) == [field]


def test_operations_are_documented(api, admin):
    api.login(admin)
    paths = api.get("/apispec.json").get_json()["paths"]
    assert set(paths["/api/v1/products/{product_id}/interviews"]) == {"get", "post"}
    assert set(paths["/api/v1/interviews/{interview_id}"]) == {"get", "patch", "delete"}
    for action in ("activate", "close", "duplicate"):
        operation = paths[f"/api/v1/interviews/{{interview_id}}/{action}"]["post"]
        assert operation["tags"] == ["interviews"]
        assert "409" in operation["responses"] or action == "duplicate"
