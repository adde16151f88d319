"""The job statistics page: the figures of GET /api/v1/jobs/stats for the recruiter's
workspace, linked from the openings list; another workspace sees none of them."""

import re

from tests import factories
from tests.support.hiring import make_opening, submit


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_statistics_page_shows_the_figures(
    client, api, recruiter, product, interview
):
    opening = make_opening(
        recruiter, product, interview_id=interview.id, title="Data Engineer"
    )
    make_opening(recruiter, product, status="draft", title="Quiet draft")
    first, _ = submit(opening, email="a@example.org")
    submit(opening, email="b@example.org")
    api.login(recruiter)
    moved = api.post(
        f"/api/v1/applications/{first.id}/stage", json={"stage": "under_review"}
    )
    assert moved.status_code == 200
    factories.page_login(client, recruiter)
    listing = client.get("/portal/openings").get_data(as_text=True)
    assert 'href="/portal/openings/stats"' in listing
    page = client.get("/portal/openings/stats")
    assert page.status_code == 200
    text = _text(page)
    assert "Open openings 1 1 draft · 0 closed" in text
    assert "Applications 2 1 reviewed" in text
    assert "Reviewed 1 · 50% of the step before" in text
    assert "Data Engineer Open 2 1 1 0 0 0 0" in text
    assert "Quiet draft Draft 0 0 0 0 0 0 0" in text


def test_another_workspace_sees_none_of_it(client, recruiter, other_recruiter, product):
    make_opening(recruiter, product, title="Rita's secret opening")
    factories.page_login(client, other_recruiter)
    page = client.get("/portal/openings/stats")
    assert page.status_code == 200
    assert "Rita's secret opening" not in page.get_data(as_text=True)
    assert "No openings yet" in _text(page)


def test_candidates_cannot_open_it(client):
    candidate = factories.make_user(role="candidate")
    factories.page_login(client, candidate)
    assert client.get("/portal/openings/stats").status_code in (302, 403)
