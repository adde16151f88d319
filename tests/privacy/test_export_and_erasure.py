"""Export and erasure for a recruiter's candidate: contents, the link, the proof."""

import csv
import io
import json
import zipfile
from datetime import timedelta

from app.analytics.service import interview_analytics
from app.extensions import db
from app.models import AuditEvent, PrivacyRequest, utcnow
from app.privacy import holds
from tests.privacy.conftest import ANSWER, EMAIL, NAME, NOTE
from tests.privacy.scan import decrypted_hits, sqlite_file_bytes
from tests.support.mailbox import link_in

GDPR = "/api/v1/gdpr"


def _download(client, link: str):
    path = link.split("://", 1)[1].split("/", 1)[1]
    return client.post("/" + path)


def test_an_export_holds_everything_about_the_candidate_once(
    api, client, candidate, recruiter, console_mail, export_dir
):
    response = api.post(
        f"{GDPR}/export",
        json={"invitation_id": candidate.invitation.id, "confirm": True},
    )
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "ready"
    link = link_in(console_mail.last_to(recruiter.email), "/privacy/download/")
    assert len(list(export_dir.iterdir())) == 1

    downloaded = _download(client, link)
    assert downloaded.status_code == 200
    assert downloaded.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(downloaded.data))
    assert set(archive.namelist()) == {
        "data.json",
        "invitations.csv",
        "transcript.csv",
        "scores.csv",
        "consents.csv",
        "audit.csv",
        "applications.csv",
    }
    [item] = json.loads(archive.read("data.json"))["records"]["invitations"]
    assert (item["name"], item["email"]) == (NAME, EMAIL)
    session = item["session"]
    assert (session["stage"], session["stage_note"]) == ("advance", NOTE)
    assert ANSWER in [turn["text"] for turn in session["transcript"]]
    [score] = session["scores"]
    assert score["overall"] == 7.0
    assert score["competencies"]["problem_solving"]["evidence"] == [
        "rebuilt the turbo encabulator"
    ]
    [consent] = item["consents"]
    assert consent["kind"] == "ai_notice" and consent["source"] == "welcome_page"
    assert consent["text_version"].startswith("ai_notice-")
    actions = [row["action"] for row in item["audit"]]
    assert "session.stage_changed" in actions
    rows = list(csv.DictReader(io.StringIO(archive.read("transcript.csv").decode())))
    assert ANSWER in [row["text"] for row in rows]

    assert list(export_dir.iterdir()) == []  # the file went with the download
    assert _download(client, link).status_code == 410  # single use
    assert AuditEvent.query.filter_by(action="privacy.export_requested").count() == 1


def test_an_expired_export_link_is_gone(
    api, client, candidate, recruiter, console_mail
):
    api.post(
        f"{GDPR}/export",
        json={"invitation_id": candidate.invitation.id, "confirm": True},
    )
    link = link_in(console_mail.last_to(recruiter.email), "/privacy/download/")
    request = PrivacyRequest.query.one()
    request.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert _download(client, link).status_code == 410
    assert db.session.get(PrivacyRequest, request.id).file_name is None


def test_requests_need_an_explicit_confirmation(api, candidate):
    response = api.post(
        f"{GDPR}/delete", json={"invitation_id": candidate.invitation.id}
    )
    assert response.status_code == 422
    refused = api.post(
        f"{GDPR}/delete",
        json={"invitation_id": candidate.invitation.id, "confirm": False},
    )
    assert refused.status_code == 422
    assert PrivacyRequest.query.count() == 0


def test_after_an_erasure_nothing_about_the_person_is_left(
    api, candidate, recruiter, console_mail, export_dir
):
    interview_id = candidate.invitation.interview_id
    api.post(  # an export file waiting for its download is erased as well
        f"{GDPR}/export",
        json={"invitation_id": candidate.invitation.id, "confirm": True},
    )
    before = interview_analytics(recruiter, interview_id)
    response = api.post(
        f"{GDPR}/delete",
        json={"invitation_id": candidate.invitation.id, "confirm": True},
    )
    assert response.status_code == 202
    assert response.get_json()["status"] == "done"
    receipt = console_mail.last_to(EMAIL)
    assert receipt.subject == "Your data has been erased"
    db.session.commit()

    needles = [NAME, EMAIL, "Quixotewright", ANSWER, NOTE, "turbo encabulator"]
    assert decrypted_hits(needles) == []
    stored = sqlite_file_bytes()
    if stored is not None:
        assert all(n.encode() not in stored for n in needles)
    for path in export_dir.rglob("*"):
        content = path.read_bytes()
        assert not any(n.encode() in content for n in needles), path
    assert interview_analytics(recruiter, interview_id) == before


def test_a_legal_hold_refuses_the_erasure_with_its_reason(
    api, candidate, recruiter, console_mail
):
    holds.place_hold(recruiter, candidate.invitation.id, "A pending claim")
    db.session.commit()
    response = api.post(
        f"{GDPR}/delete",
        json={"invitation_id": candidate.invitation.id, "confirm": True},
    )
    body = response.get_json()
    assert (body["status"], body["outcome"]) == (
        "refused",
        "A legal hold applies to this person's data.",
    )
    assert "legal hold" in console_mail.last_to(EMAIL).text
    db.session.expire_all()
    assert candidate.invitation.email == EMAIL
    assert AuditEvent.query.filter_by(action="legal_hold.placed").count() == 1
