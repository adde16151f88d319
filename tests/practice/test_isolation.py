"""Candidates and recruiters never see each other's records: a practising candidate
gets 404 on every recruiter route with an id (walked from the OpenAPI document), and
the recruiter's data stays as it was."""

import io

from app.extensions import db
from app.models import User
from tests import factories
from tests.support.asserts import assert_error
from tests.test_ownership_matrix import (  # noqa: F401  (owned is a fixture)
    VALID_BODIES,
    _operations,
    _snapshot,
    owned,
)

PRACTICE_PREFIX = "/api/v1/practice/"


def _call(api, method, path, operation, ids):
    kwargs = {}
    if "requestBody" in operation:
        content = operation["requestBody"]["content"]
        if "multipart/form-data" in content:
            kwargs["data"] = {"file": (io.BytesIO(b"email,name\n"), "c.csv")}
            kwargs["content_type"] = "multipart/form-data"
        else:
            body = VALID_BODIES[(method, path)]
            kwargs["json"] = (
                {"question_ids": ids["question_ids"]}
                if body == "QUESTION_IDS"
                else body
            )
    return api.request(method, path.format(**ids), **kwargs)


def test_candidates_get_404_on_every_recruiter_record(api, owned):  # noqa: F811
    before = _snapshot()
    candidate = factories.make_user(role="candidate")
    api.login(candidate)
    checked = 0
    for method, path, operation in _operations(api.client):
        if path.startswith(PRACTICE_PREFIX):
            continue
        response = _call(api, method, path, operation, owned)
        assert_error(response, 404, "NOT_FOUND")
        assert "Secret" not in response.get_data(as_text=True), f"{method} {path}"
        checked += 1
    db.session.rollback()
    db.session.expire_all()
    assert _snapshot() == before
    assert checked >= 33


def test_candidates_cannot_open_recruiter_pages_of_a_record(client, owned):  # noqa: F811
    candidate = factories.make_user(role="candidate")
    factories.page_login(client, candidate)
    for url in (
        f"/portal/products/{owned['product_id']}",
        f"/portal/interviews/{owned['interview_id']}",
    ):
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 404, url


PRACTICE_BODIES = {
    ("POST", "/api/v1/practice/sessions/{session_id}/answers"): {
        "client_id": "x",
        "text": "An answer.",
    },
    ("PUT", "/api/v1/practice/job-descriptions/{jd_id}"): {
        "title": "Changed",
        "text": "A changed job description for somebody else's practice.",
    },
}


def _practice_operations(client):
    spec = client.get("/apispec.json").get_json()
    for path, operations in spec["paths"].items():
        if path.startswith(PRACTICE_PREFIX) and "{" in path:
            for method, operation in operations.items():
                yield method.upper(), path, operation


def _practice_records(api, candidate):
    from tests.practice.conftest import run_session

    api.login(candidate)
    finished, _ = run_session(api)
    assert api.post(f"/api/v1/practice/sessions/{finished}/finalize").status_code == 200
    jd = api.post(
        "/api/v1/practice/job-descriptions",
        json={"title": "Secret role", "text": "Secret job description text here."},
    ).get_json()
    return {"session_id": finished, "jd_id": jd["id"]}


def _practice_snapshot():
    from app.models import JobDescription, PracticeSession

    return (
        [(p.id, p.status, p.overall_score) for p in PracticeSession.query.all()],
        [(j.id, j.title, j.text) for j in JobDescription.query.all()],
    )


def test_recruiters_and_other_candidates_get_404_on_every_practice_record(
    api, candidate, recruiter
):
    outsiders = [recruiter.id, factories.make_user(role="candidate").id]
    ids = _practice_records(api, candidate)
    before = _practice_snapshot()
    checked = []
    for outsider_id in outsiders:
        api.login(db.session.get(User, outsider_id))
        for method, path, operation in _practice_operations(api.client):
            kwargs = {}
            if "requestBody" in operation:
                kwargs["json"] = PRACTICE_BODIES[(method, path)]
            response = api.request(method, path.format(**ids), **kwargs)
            assert_error(response, 404, "NOT_FOUND")
            assert "Secret" not in response.get_data(as_text=True)
            checked.append(f"{method} {path}")
    db.session.rollback()
    db.session.expire_all()
    assert _practice_snapshot() == before
    assert len(checked) >= 2 * 9


def test_the_owner_reaches_every_practice_record(api, candidate):
    ids = _practice_records(api, candidate)
    for path in (
        "/api/v1/practice/sessions/{session_id}",
        "/api/v1/practice/sessions/{session_id}/feedback",
        "/api/v1/practice/job-descriptions/{jd_id}",
    ):
        assert api.get(path.format(**ids)).status_code == 200, path


def test_recruiters_never_see_practice_interviews(api, candidate, recruiter):
    recruiter_id = recruiter.id
    _practice_records(api, candidate)
    api.login(db.session.get(User, recruiter_id))
    assert api.get("/api/v1/products").get_json()["items"] == []


def test_admins_hiring_lists_leave_out_practice_interviews(api, candidate, admin):
    admin_id = admin.id
    _practice_records(api, candidate)
    api.login(db.session.get(User, admin_id))
    assert api.get("/api/v1/products").get_json()["items"] == []
