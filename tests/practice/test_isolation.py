"""Candidates and recruiters never see each other's records: a practising candidate
gets 404 on every recruiter route with an id (walked from the OpenAPI document), and
the recruiter's data stays as it was."""

import io

from app.extensions import db
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
