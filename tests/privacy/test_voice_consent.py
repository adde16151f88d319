"""Consent to voice: recorded from the interview room with the voice notice's text
version, time and source; shown on the report, exported, withdrawable."""

from app.consent_records import text_version
from app.extensions import db
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import ConsentRecord, utcnow
from app.privacy.subjects import export_invitation
from tests import factories
from tests.support.asserts import assert_error

URL = "/api/v1/consents/voice"


def test_the_room_records_the_voice_consent_once(client, api, recruiter, interview):
    invitation, _ = factories.make_invitation(interview, consented_at=utcnow())
    session = conductor.start_session(invitation)
    db.session.commit()
    assert_error(client.post(URL, json={}), 401, "AUTH_ERROR")
    client.set_cookie(COOKIE_NAME, participant_token(session.id, invitation.id))
    room = client.get("/interview").get_data(as_text=True)
    assert f'data-consent-url="{URL}"' in room

    before = utcnow()
    assert client.post(URL, json={}).status_code == 200
    assert client.post(URL, json={}).status_code == 200  # turned on again: one record
    [consent] = ConsentRecord.query.filter_by(kind="voice").all()
    assert (consent.invitation_id, consent.source) == (invitation.id, "interview_room")
    assert consent.text_version == text_version("voice") != "voice-1"
    assert consent.given_at >= before and consent.email_hash == invitation.email_hash
    exported = export_invitation(invitation)["consents"]
    assert [c["kind"] for c in exported] == ["voice"]

    client.delete_cookie(COOKIE_NAME)
    factories.page_login(client, recruiter)
    report = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    assert "Voice: given" in report
    api.login(recruiter)
    withdrawn = api.post(
        "/api/v1/gdpr/consent", json={"invitation_id": invitation.id, "kind": "voice"}
    )
    assert withdrawn.status_code == 200
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_at is not None
