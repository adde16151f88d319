"""Asking for a person: from the welcome page or the receipt; the owner is emailed,
the request shows on the report, and the recruiter's answer (approve or decline) is
emailed to the candidate and audited."""

import re

from app.extensions import db
from app.models import AuditEvent, ReviewRequest
from tests import factories
from tests.rights.conftest import ANSWERS
from tests.support.interviews import take_interview


def test_the_welcome_page_offers_a_person_and_the_owner_is_emailed(
    client, interview, recruiter, mailbox
):
    invitation, token = factories.make_invitation(interview, name="Robin Roe")
    welcome = client.get(f"/i/{token}").get_data(as_text=True)
    assert f"/i/{token}/request-person" in welcome

    refused = client.post(f"/i/{token}/request-person", data={"message": "Hi"})
    assert refused.status_code == 422
    assert "Choose what you would like." in refused.get_data(as_text=True)
    assert ReviewRequest.query.count() == 0

    sent = client.post(
        f"/i/{token}/request-person",
        data={"reason": "alternative", "message": "I am dyslexic; a call suits me."},
    )
    assert sent.status_code == 200
    request = ReviewRequest.query.one()
    assert (request.invitation_id, request.reason) == (invitation.id, "alternative")
    mail = mailbox.last_to(recruiter.email)
    assert "Robin Roe asked for a person" in mail.subject
    assert "I am dyslexic" in mail.text
    assert f"/portal/review-requests/{request.id}" in mail.text


def test_an_unknown_invitation_link_cannot_ask(client):
    assert client.get("/i/nope/request-person").status_code == 404
    assert client.get("/receipt/request/forged").status_code == 404


def receipt_request_path(mailbox, session) -> str:
    mail = mailbox.last_to(session.invitation.email)
    return re.search(r"https?://[^/\s]+(/receipt/request/\S+)", mail.text).group(1)


def test_approving_emails_the_candidate_the_meeting_and_is_audited(
    client, interview, recruiter, mailbox
):
    session = take_interview(interview, list(ANSWERS), name="Casey Candidate")
    path = receipt_request_path(mailbox, session)
    assert client.post(path, data={"reason": "human_review"}).status_code == 200
    request = ReviewRequest.query.one()

    csrf = factories.page_login(client, recruiter)
    report = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    assert "Asked for a person" in report and "1 waiting" in report
    listed = client.get(f"/portal/interviews/{interview.id}/candidates")
    row = listed.get_data(as_text=True).split("Casey Candidate", 1)[1].split("</tr>")[0]
    assert '<span class="rights-badge">Asked for a person</span>' in row

    url = f"/portal/review-requests/{request.id}"
    incomplete = client.post(url, data={"csrf_token": csrf, "decision": "approved"})
    assert incomplete.status_code == 422
    assert "meeting time, a link or a note" in incomplete.get_data(as_text=True)

    done = client.post(
        url,
        data={
            "csrf_token": csrf,
            "decision": "approved",
            "meeting_at": "2026-12-10T15:30",
            "meeting_link": "https://meet.example.com/casey",
            "response": "Sam from the team will review it with you.",
        },
    )
    assert done.status_code == 302
    db.session.refresh(request)
    assert request.status == "approved" and request.answered_by_id == recruiter.id
    mail = mailbox.last_to(session.invitation.email)
    assert "accepted" in mail.subject
    assert "Thursday 10 December 2026 at 15:30 UTC" in mail.text
    assert "https://meet.example.com/casey" in mail.text
    event = AuditEvent.query.filter_by(action="review_request.answered").one()
    assert event.details["decision"] == "approved"

    again = client.post(
        url, data={"csrf_token": csrf, "decision": "declined", "response": "No"}
    )
    assert again.status_code == 422
    assert "answered already" in again.get_data(as_text=True)


def test_declining_through_the_api_needs_a_reason_and_emails_it(
    client, api, interview, recruiter, mailbox
):
    invitation, token = factories.make_invitation(interview, name="Robin Roe")
    client.post(f"/i/{token}/request-person", data={"reason": "accommodation"})
    request = ReviewRequest.query.one()
    api.login(recruiter)
    listed = api.get("/api/v1/review-requests?status=open").get_json()["items"]
    assert [item["id"] for item in listed] == [request.id]
    url = f"/api/v1/review-requests/{request.id}/answer"
    missing = api.post(url, json={"decision": "declined"})
    assert missing.status_code == 422
    assert "response" in missing.get_json()["error"]["details"]

    answered = api.post(
        url, json={"decision": "declined", "response": "We only hire on site."}
    )
    assert answered.status_code == 200 and answered.get_json()["status"] == "declined"
    mail = mailbox.last_to(invitation.email)
    assert "We only hire on site." in mail.text and "cannot offer it" in mail.text
    assert (
        api.post(url, json={"decision": "declined", "response": "x"}).status_code == 409
    )
