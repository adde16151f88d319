"""Portal pages for invitations: the list, the invite forms and report, actions."""

import io
import re
from datetime import timedelta

import pytest
from flask import render_template
from sqlalchemy import select

from app.extensions import db
from app.invitations import links
from app.invitations.service import status_counts
from app.models import Invitation, utcnow
from tests import factories

pytestmark = [
    pytest.mark.product(name="Acme Robotics"),
    pytest.mark.interview(role_title="Platform Engineer"),
]

HTML = {"Accept": "text/html"}


@pytest.fixture(autouse=True)
def manual_mail(queued_jobs):
    """Emails wait in the queue: nothing is sent here."""
    return queued_jobs


@pytest.fixture
def browser(client, recruiter):
    """The test client logged in through the form, with its CSRF value."""
    client.csrf = factories.page_login(client, recruiter)
    return client


def list_url(interview, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/portal/interviews/{interview.id}/invitations" + (
        f"?{query}" if query else ""
    )


def new_url(interview):
    return f"/portal/interviews/{interview.id}/invitations/new"


def page(response) -> str:
    return response.get_data(as_text=True)


def flashes(client) -> str:
    return page(client.get("/portal", headers=HTML))


# The list --------------------------------------------------------------------------


def test_the_list_shows_statuses_counts_and_actions(browser, interview):
    factories.make_invitation(interview, email="sent@example.com", name="Sam Sent")
    factories.make_invitation(
        interview,
        email="failed@example.com",
        status="failed",
        send_attempts=2,
        last_error="SendGrid answered 500: upstream down",
        next_attempt_at=utcnow() + timedelta(minutes=1),
    )
    factories.make_invitation(
        interview, email="late@example.com", expires_at=utcnow() - timedelta(days=1)
    )
    factories.make_invitation(interview, email="done@example.com", status="completed")
    response = browser.get(list_url(interview), headers=HTML)
    html = page(response)
    assert response.status_code == 200
    assert "Acme Robotics" in html and "Platform Engineer" in html
    assert "Sam Sent" in html and "sent@example.com" in html
    assert "Attempt 2 of 5 failed: SendGrid answered 500: upstream down" in html
    assert re.search(r"Expired\s*<span class=\"inv-filter__count\">1</span>", html)
    assert re.search(r"All\s*<span class=\"inv-filter__count\">4</span>", html)
    assert "the previous link stops working" in html
    # Three rows have actions (sent, failed, expired); completed has none.
    assert html.count('action="/portal/invitations/') == 9
    assert html.count('name="csrf_token" value="' + browser.csrf + '"') >= 9
    assert db.session.scalars(select(Invitation.status)).all().count("expired") == 1


def test_the_list_filters_and_searches(browser, interview):
    factories.make_invitation(interview, email="ann@example.com", name="Ann")
    factories.make_invitation(
        interview, email="bob@example.com", name="Bob", status="opened"
    )
    html = page(browser.get(list_url(interview, status="opened"), headers=HTML))
    assert "bob@example.com" in html and "ann@example.com" not in html
    html = page(browser.get(list_url(interview, q="ann"), headers=HTML))
    assert "ann@example.com" in html and "bob@example.com" not in html
    html = page(
        browser.get(list_url(interview, status="bogus", page="x"), headers=HTML)
    )
    assert "ann@example.com" in html and "bob@example.com" in html
    html = page(browser.get(list_url(interview, q="nobody"), headers=HTML))
    assert "No invitations match" in html


def test_an_empty_list_invites_you_to_invite(browser, interview):
    html = page(browser.get(list_url(interview), headers=HTML))
    assert "No invitations yet" in html
    assert f'href="{new_url(interview)}"' in html


def test_an_inactive_interview_says_so_and_offers_no_invites(browser, recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter), status="draft"
    )
    factories.make_invitation(interview)
    html = page(browser.get(list_url(interview), headers=HTML))
    assert "This interview is draft." in html
    assert f'href="{new_url(interview)}"' not in html
    assert ">Resend<" not in html and ">Revoke<" in html


def test_pages_are_for_the_owner_only(client, interview, other_recruiter):
    assert client.get(list_url(interview), headers=HTML).status_code == 302
    factories.page_login(client, other_recruiter)
    assert client.get(list_url(interview), headers=HTML).status_code == 404
    assert client.get(new_url(interview), headers=HTML).status_code == 404


def test_the_interview_page_link_appears_only_when_that_page_exists(
    app, browser, interview
):
    html = page(browser.get(list_url(interview), headers=HTML))
    link = f'href="/portal/interviews/{interview.id}">Back to interview</a>'
    assert (link in html) == ("interviews.detail" in app.view_functions)


# Inviting --------------------------------------------------------------------------


def test_inviting_one_candidate_redirects_to_the_list(browser, interview, queued_jobs):
    response = browser.post(
        new_url(interview),
        data={
            "csrf_token": browser.csrf,
            "mode": "one",
            "email": "Jane@Example.com",
            "name": "Jane",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == list_url(interview)
    assert db.session.scalars(select(Invitation.email)).all() == ["jane@example.com"]
    assert "the email to Jane@Example.com is on its way" in flashes(browser)
    assert queued_jobs.pending() == ["send_invitation_email"]


@pytest.mark.parametrize(
    "email, name, message",
    [
        ("jane@", "Jane", "Enter a valid email address."),
        ("", "Jane", "Enter a valid email address."),
        ("jane@example.com", "J" * 121, "Use at most 120 characters."),
    ],
)
def test_the_single_form_shows_errors_and_keeps_input(
    browser, interview, email, name, message
):
    response = browser.post(
        new_url(interview),
        data={"csrf_token": browser.csrf, "mode": "one", "email": email, "name": name},
    )
    html = page(response)
    assert response.status_code == 422
    assert message in html
    if email:
        assert f'value="{email}"' in html
    assert f'value="{name}"' in html
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_the_single_form_says_when_the_email_is_already_invited(browser, interview):
    factories.make_invitation(interview, email="jane@example.com")
    response = browser.post(
        new_url(interview),
        data={"csrf_token": browser.csrf, "mode": "one", "email": "jane@example.com"},
    )
    assert response.status_code == 409
    assert "This email is already invited to this interview." in page(response)


def test_pasting_a_list_shows_the_per_row_report(browser, interview, queued_jobs):
    factories.make_invitation(interview, email="old@example.com")
    pasted = (
        "jane@example.com, Jane Doe\nBob <bob@example.com>\nold@example.com\n"
        "bob@example.com\nnope\n"
    )
    response = browser.post(
        new_url(interview),
        data={"csrf_token": browser.csrf, "mode": "paste", "candidates": pasted},
    )
    html = page(response)
    assert response.status_code == 200
    assert "Result: 5 rows read" in html
    assert (
        "2 invited" in html and "2 duplicates skipped" in html and "1 invalid" in html
    )
    assert "Already invited to this interview." in html
    assert "Repeats row 2 of this list." in html
    assert "This is not a valid email address." in html
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 3
    assert queued_jobs.pending() == ["send_invitation_email"] * 2


def test_an_empty_paste_is_an_error_on_its_field(browser, interview):
    response = browser.post(
        new_url(interview),
        data={"csrf_token": browser.csrf, "mode": "paste", "candidates": "  "},
    )
    assert response.status_code == 422
    assert "Paste at least one candidate, one per line." in page(response)


def test_uploading_a_csv_shows_the_per_row_report(browser, interview):
    content = (
        b"email,name\njane@example.com,Jane\nbad-email,Bad\njane@example.com,Again\n"
    )
    response = browser.post(
        new_url(interview),
        data={
            "csrf_token": browser.csrf,
            "mode": "csv",
            "file": (io.BytesIO(content), "c.csv"),
        },
        content_type="multipart/form-data",
    )
    html = page(response)
    assert response.status_code == 200
    assert "Result: 3 rows read" in html and "1 invited" in html
    assert "Repeats row 2 of this list." in html
    assert db.session.scalars(select(Invitation.email)).all() == ["jane@example.com"]


@pytest.mark.parametrize(
    "upload, message",
    [
        (None, "Choose a CSV file to upload."),
        ((b"\xff\xfe\x00bad", "c.csv"), "Save the CSV as UTF-8 and upload it again."),
        ((b"", "c.csv"), "The file holds no candidates."),
    ],
)
def test_csv_upload_errors_show_on_the_file_field(browser, interview, upload, message):
    data = {"csrf_token": browser.csrf, "mode": "csv"}
    if upload:
        data["file"] = (io.BytesIO(upload[0]), upload[1])
    response = browser.post(
        new_url(interview), data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert message in page(response)


def test_an_inactive_interview_refuses_invitations_on_the_page(browser, recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter), status="closed"
    )
    html = page(browser.get(new_url(interview), headers=HTML))
    assert "does not accept invitations" in html
    response = browser.post(
        new_url(interview),
        data={"csrf_token": browser.csrf, "mode": "one", "email": "jane@example.com"},
    )
    assert response.status_code == 409
    assert "only active interviews accept invitations" in page(response)
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_forms_without_the_csrf_value_are_refused(browser, interview):
    response = browser.post(
        new_url(interview),
        data={"mode": "one", "email": "jane@example.com"},
        headers=HTML,
    )
    assert response.status_code == 403
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


# Row actions -----------------------------------------------------------------------


def test_resend_from_the_list(browser, interview, queued_jobs):
    invitation, old_token = factories.make_invitation(
        interview, email="ann@example.com"
    )
    back = list_url(interview, status="sent")
    response = browser.post(
        f"/portal/invitations/{invitation.id}/resend",
        data={"csrf_token": browser.csrf, "next": back},
    )
    assert response.status_code == 302 and response.headers["Location"] == back
    assert links.find_by_token(old_token) is None
    assert "The previous link no longer works." in flashes(browser)
    assert queued_jobs.pending() == ["send_invitation_email"]


def test_revoke_from_the_list(browser, interview):
    invitation, token = factories.make_invitation(interview, email="ann@example.com")
    response = browser.post(
        f"/portal/invitations/{invitation.id}/revoke",
        data={"csrf_token": browser.csrf, "next": "https://evil.example.com/"},
    )
    assert response.headers["Location"] == list_url(interview)
    assert links.find_by_token(token).status == "revoked"
    assert "is revoked: its link no longer works" in flashes(browser)


def test_extend_from_the_list(browser, interview):
    invitation, _ = factories.make_invitation(interview)
    expires = invitation.expires_at
    browser.post(
        f"/portal/invitations/{invitation.id}/extend",
        data={"csrf_token": browser.csrf, "days": "14"},
    )
    reloaded = db.session.get(Invitation, invitation.id, populate_existing=True)
    assert reloaded.expires_at == expires + timedelta(days=14)
    assert "now expires on" in flashes(browser)


@pytest.mark.parametrize(
    "days, message",
    [
        ("0", "Choose between 1 and 90 days."),
        ("91", "Choose between 1 and 90 days."),
        ("soon", "Enter a whole number of days."),
        ("", "Enter a whole number of days."),
    ],
)
def test_extend_with_bad_days_changes_nothing_and_says_why(
    browser, interview, days, message
):
    invitation, _ = factories.make_invitation(interview)
    expires = invitation.expires_at
    browser.post(
        f"/portal/invitations/{invitation.id}/extend",
        data={"csrf_token": browser.csrf, "days": days},
    )
    assert (
        db.session.get(Invitation, invitation.id, populate_existing=True).expires_at
        == expires
    )
    assert f"The expiry was not changed: {message}" in flashes(browser)


def test_actions_that_cannot_apply_say_why(browser, interview):
    invitation, _ = factories.make_invitation(interview, status="completed")
    browser.post(
        f"/portal/invitations/{invitation.id}/resend", data={"csrf_token": browser.csrf}
    )
    assert "already completed this interview. It cannot be resent." in flashes(browser)


def test_actions_on_others_invitations_are_404(client, interview, other_recruiter):
    invitation, _ = factories.make_invitation(interview)
    csrf = factories.page_login(client, other_recruiter)
    for action in ("resend", "revoke", "extend"):
        response = client.post(
            f"/portal/invitations/{invitation.id}/{action}",
            data={"csrf_token": csrf, "days": "3"},
            headers=HTML,
        )
        assert response.status_code == 404
    assert (
        db.session.get(Invitation, invitation.id, populate_existing=True).status
        == "sent"
    )


# The panel on the interview page ---------------------------------------------------


def test_the_interview_panel_shows_counts_and_links(app, interview):
    factories.make_invitation(interview)
    factories.make_invitation(interview, status="failed")
    factories.make_invitation(interview, status="completed")
    with app.test_request_context():
        html = render_template(
            "interviews/_invitations_panel.html",
            interview=interview,
            invitation_counts=status_counts(interview),
        )
    assert f'href="/portal/interviews/{interview.id}/invitations"' in html
    assert "View all (3)" in html
    assert f"/portal/interviews/{interview.id}/invitations?status=failed" in html
    assert "Invite candidates" in html
