"""Roll-ups over sessions of which none is scored yet: a new recruiter's first
candidate pressing Start must not break their product page, overview or the admin's."""

import pytest

from app.extensions import db
from app.live import conductor
from tests import factories

API = "/api/v1/analytics"


@pytest.fixture
def started(recruiter):
    """Two interviews of one product, each with a candidate who has only started."""
    product = factories.make_product(recruiter)
    for _ in range(2):
        interview = factories.make_interview(product, status="active")
        invitation, _token = factories.make_invitation(interview)
        conductor.start_session(invitation)
    db.session.commit()
    return product


def test_rollups_with_sessions_but_nothing_scored(api, recruiter, admin, started):
    api.login(recruiter)
    for path in (f"{API}/products/{started.id}", f"{API}/overview"):
        response = api.get(path)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["scores"]["scored"] == 0
        assert body["scores"]["average"] is None
        assert body["sessions"]["in_progress"] == 2
    api.login(admin)
    overview = api.get(f"{API}/overview")
    assert overview.status_code == 200
    assert overview.get_json()["sessions"]["in_progress"] == 2


def test_rollup_pages_with_nothing_scored(client, recruiter, started):
    factories.page_login(client, recruiter)
    for path in (f"/portal/analytics/products/{started.id}", "/portal/analytics"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200, path
