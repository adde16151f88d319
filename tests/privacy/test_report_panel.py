"""The candidate's report: when their data goes, consents, legal hold, erasure; and
every opening of a report is audited."""

from app.models import AuditEvent
from tests import factories
from tests.privacy.conftest import EMAIL, NAME

HTML = {"Accept": "text/html"}


def test_the_report_shows_the_removal_date_and_consents(app, candidate, recruiter):
    browser = app.test_client()
    factories.page_login(browser, recruiter)
    html = browser.get(f"/portal/sessions/{candidate.session.id}", headers=HTML)
    text = html.get_data(as_text=True)
    assert "Removed automatically on" in text
    assert "AI interview notice: given" in text
    assert "welcome page" in text
    assert 'data-confirm="Erase Zebulon Quixotewright' in text


def test_opening_a_report_is_audited_with_who_and_how(app, api, candidate, recruiter):
    browser = app.test_client()
    factories.page_login(browser, recruiter)
    browser.get(f"/portal/sessions/{candidate.session.id}", headers=HTML)
    browser.get(f"/portal/sessions/{candidate.session.id}/print", headers=HTML)
    api.get(f"/api/v1/sessions/{candidate.session.id}")
    reads = (
        AuditEvent.query.filter_by(action="session.report_viewed")
        .order_by(AuditEvent.id)
        .all()
    )
    assert [(r.actor_id, r.target_id, r.details["via"]) for r in reads] == [
        (recruiter.id, candidate.session.id, "page"),
        (recruiter.id, candidate.session.id, "print"),
        (recruiter.id, candidate.session.id, "api"),
    ]


def test_a_recruiter_erases_a_candidate_from_the_report(
    app, candidate, recruiter, console_mail
):
    browser = app.test_client()
    csrf = factories.page_login(browser, recruiter)
    url = f"/portal/candidates/{candidate.invitation.id}/erase"
    response = browser.post(url, data={"csrf_token": csrf})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/portal/sessions/{candidate.session.id}#privacy"
    )
    page = browser.get(response.headers["Location"], headers=HTML)
    text = page.get_data(as_text=True)
    assert "Erased candidate" in text and NAME not in text and EMAIL not in text
    assert console_mail.last_to(EMAIL).subject == "Your data has been erased"


def test_a_held_candidate_is_not_erased_from_the_report(app, candidate, recruiter):
    browser = app.test_client()
    csrf = factories.page_login(browser, recruiter)
    hold = f"/portal/candidates/{candidate.invitation.id}/hold"
    browser.post(hold, data={"csrf_token": csrf, "reason": "Claim"})
    erase = f"/portal/candidates/{candidate.invitation.id}/erase"
    page = browser.post(erase, data={"csrf_token": csrf}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Not erased: A legal hold applies" in text
    assert NAME in text
