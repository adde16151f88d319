"""Another recruiter reaches none of the hiring pages or files of an opening that is
not theirs (the API is walked by tests/test_ownership_matrix.py); the public board
never shows a draft or a closed opening of anyone."""

import pytest

from app.models import Application, AuditEvent
from tests import factories
from tests.support.hiring import make_opening, submit


@pytest.fixture
def owned(recruiter, product, interview):
    opening = make_opening(recruiter, product, interview_id=interview.id)
    application, token = submit(opening)
    return opening, application


@pytest.mark.parametrize(
    "path",
    [
        "/portal/openings/{opening}",
        "/portal/openings/{opening}/edit",
        "/portal/applications/{application}",
        "/portal/applications/{application}/resume",
    ],
)
def test_other_recruiters_pages_answer_404(client, owned, other_recruiter, path):
    opening, application = owned
    factories.page_login(client, other_recruiter)
    response = client.get(path.format(opening=opening.id, application=application.id))
    assert response.status_code == 404
    assert "Ada" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path, form",
    [
        ("/portal/applications/{application}/stage", {"stage": "rejected"}),
        (
            "/portal/openings/{opening}/move",
            {"stage": "rejected", "application_id": "X"},
        ),
        ("/portal/openings/{opening}/status", {"status": "closed"}),
        ("/portal/openings/{opening}/delete", {}),
    ],
)
def test_other_recruiters_cannot_change_anything(
    client, owned, other_recruiter, path, form
):
    opening, application = owned
    csrf = factories.page_login(client, other_recruiter)
    data = {
        **{k: (str(application.id) if v == "X" else v) for k, v in form.items()},
        "csrf_token": csrf,
    }
    url = path.format(opening=opening.id, application=application.id)
    assert client.post(url, data=data).status_code == 404
    assert Application.query.one().stage == "applied"
    assert AuditEvent.query.filter_by(action="application.stage_changed").count() == 0
    assert opening.status == "open"


def test_candidates_cannot_open_the_portal_pages(client, owned):
    opening, _application = owned
    candidate = factories.make_user(role="candidate")
    factories.page_login(client, candidate)
    assert client.get(f"/portal/openings/{opening.id}").status_code in (403, 404)
