"""The receipt: the candidate is emailed when the interview completes, with their
transcript and a single-use flag link per answer; flags show on the report, and a
rejection with open flags needs the recruiter's acknowledgement (audited)."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import AnswerFlag, AuditEvent, CandidateReceipt
from app.rights import receipts
from tests import factories
from tests.rights.conftest import ANSWERS
from tests.support.interviews import take_interview


@pytest.fixture
def receipt(mailbox, interview):
    """A completed interview's receipt, read from the mailbox."""
    session = take_interview(interview, list(ANSWERS), name="Casey Candidate")
    mail = mailbox.last_to(session.invitation.email)
    return session, mail


def flag_links(mail) -> list[str]:
    import re

    return sorted(
        set(re.findall(r"https?://\S+/receipt/flag/[A-Za-z0-9_-]+", mail.text))
    )


def test_the_receipt_holds_the_transcript_and_one_flag_link_per_answer(receipt):
    session, mail = receipt
    assert mail.subject.startswith("We received your interview for")
    assert "What happens next" in mail.text
    for answer in ANSWERS:
        assert answer in mail.text
    assert len(flag_links(mail)) == 2
    assert "/receipt/request/" in mail.text
    stored = db.session.query(CandidateReceipt).filter_by(session_id=session.id).one()
    assert stored.status == "sent" and stored.attempts == 1


def test_the_receipt_is_sent_once(receipt, mailbox):
    session, _ = receipt
    assert receipts.send_receipt(session.id) == "skipped"
    to_candidate = [m for m in mailbox.messages() if m.to == session.invitation.email]
    assert len([m for m in to_candidate if m.subject.startswith("We received")]) == 1


def test_an_unfinished_interview_gets_no_receipt(interview, mailbox):
    session = take_interview(interview, ANSWERS[:1], finish=False)
    assert receipts.send_receipt(session.id) == "skipped"
    assert not [m for m in mailbox.messages() if m.subject.startswith("We received")]


def test_a_flag_link_works_once(receipt, client):
    session, mail = receipt
    link = flag_links(mail)[0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ANSWERS[0] in html or ANSWERS[1] in html
    assert page.headers["Referrer-Policy"] == "no-referrer"

    missing = client.post("/" + path, data={"comment": "no reason"})
    assert missing.status_code == 422
    assert "Choose what went wrong." in missing.get_data(as_text=True)

    sent = client.post(
        "/" + path, data={"reason": "transcript_wrong", "comment": "I said 180 ms."}
    )
    assert sent.status_code == 200
    flag = db.session.query(AnswerFlag).filter(AnswerFlag.flagged_at.isnot(None)).one()
    assert (flag.reason, flag.comment) == ("transcript_wrong", "I said 180 ms.")

    again = client.post("/" + path, data={"reason": "question_unclear"})
    assert again.status_code == 410
    assert "used already" in again.get_data(as_text=True)
    db.session.refresh(flag)
    assert flag.reason == "transcript_wrong"


def test_a_flag_link_expires_after_30_days(receipt, client):
    session, mail = receipt
    path = "/" + flag_links(mail)[0].split("://", 1)[1].split("/", 1)[1]
    flag = db.session.query(AnswerFlag).filter_by(session_id=session.id).first()
    for row in db.session.query(AnswerFlag).filter_by(session_id=session.id):
        assert row.expires_at - row.created_at >= timedelta(days=29, hours=23)
        row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    assert flag is not None
    response = client.post(path, data={"reason": "technical_problem"})
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)
    assert (
        db.session.query(AnswerFlag).filter(AnswerFlag.flagged_at.isnot(None)).count()
        == 0
    )


def test_an_unknown_flag_link_is_a_404_page(client):
    response = client.get("/receipt/flag/not-a-real-token")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def flag_first_answer(client, mail, reason="technical_problem"):
    path = "/" + flag_links(mail)[0].split("://", 1)[1].split("/", 1)[1]
    assert (
        client.post(path, data={"reason": reason, "comment": "It froze"}).status_code
        == 200
    )


def test_the_report_shows_the_flag_on_that_answer(receipt, client, recruiter):
    session, mail = receipt
    flag_first_answer(client, mail)
    factories.page_login(client, recruiter)
    html = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    flag = db.session.query(AnswerFlag).filter(AnswerFlag.flagged_at.isnot(None)).one()
    thread = html.split(f'id="question-{flag.question_id}"', 1)[1].split("</li>", 1)[0]
    assert "Flagged by the candidate" in thread and "Technical problem" in thread
    assert "It froze" in thread
    assert html.count("Flagged by the candidate") == 1
    listed = client.get(f"/portal/interviews/{session.interview_id}/candidates")
    assert "1 flagged answer</span>" in listed.get_data(as_text=True)


def test_rejecting_with_an_open_flag_needs_the_acknowledgement(
    receipt, client, recruiter
):
    session, mail = receipt
    flag_first_answer(client, mail)
    csrf = factories.page_login(client, recruiter)
    url = f"/portal/sessions/{session.id}/stage"
    refused = client.post(url, data={"csrf_token": csrf, "stage": "reject"})
    assert refused.status_code == 422
    assert "confirm that you did" in refused.get_data(as_text=True)
    db.session.refresh(session)
    assert session.stage == "new"

    done = client.post(
        url, data={"csrf_token": csrf, "stage": "reject", "acknowledge_flags": "1"}
    )
    assert done.status_code == 302
    db.session.refresh(session)
    assert session.stage == "reject"
    event = db.session.query(AuditEvent).filter_by(action="session.stage_changed").one()
    assert event.details["acknowledged_flags"][0]["reason"] == "technical_problem"
    flag = db.session.query(AnswerFlag).filter(AnswerFlag.flagged_at.isnot(None)).one()
    assert flag.acknowledged_by_id == recruiter.id


def test_the_api_refuses_a_rejection_with_open_flags_without_the_field(
    receipt, client, api, recruiter
):
    session, mail = receipt
    flag_first_answer(client, mail, "question_unclear")
    api.login(recruiter)
    flags = api.get(f"/api/v1/sessions/{session.id}/flags").get_json()
    assert [f["reason"] for f in flags["items"]] == ["question_unclear"]
    url = f"/api/v1/sessions/{session.id}"
    advance = api.patch(url, json={"stage": "hold"})
    assert advance.status_code == 200  # only a rejection needs it
    refused = api.patch(url, json={"stage": "reject"})
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert (
        error["code"] == "VALIDATION_ERROR" and "acknowledge_flags" in error["details"]
    )
    accepted = api.patch(url, json={"stage": "reject", "acknowledge_flags": True})
    assert accepted.status_code == 200 and accepted.get_json()["stage"] == "reject"


def test_another_recruiter_cannot_read_the_flags(receipt, api, other_recruiter):
    session, _ = receipt
    api.login(other_recruiter)
    assert api.get(f"/api/v1/sessions/{session.id}/flags").status_code == 404


def test_the_receipt_speaks_the_interviews_language(mailbox, interview):
    interview.language = "es"
    db.session.commit()
    session = take_interview(interview, list(ANSWERS), name="Casey Candidate")
    mail = mailbox.last_to(session.invitation.email)
    assert mail.subject.startswith("Hemos recibido tu entrevista para")
    assert "Qué pasa ahora" in mail.text  # "What happens next"
    assert "Tu transcripción" in mail.text and "Señalar la respuesta 1" in mail.text
    assert "What happens next" not in mail.text and "Flag answer" not in mail.text
    for answer in ANSWERS:  # the candidate's own words, as written
        assert answer in mail.text
