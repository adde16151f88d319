"""Personal data at rest: stored encrypted, shown in clear, found by its keyed hash."""

import pytest

from app.extensions import db
from app.live import conductor
from app.models import Invitation
from app.models.crypto import email_hash
from tests import factories
from tests.privacy.scan import clear_text_hits, sqlite_file_bytes

NAME = "Zebulon Quixotewright"
EMAIL = "zebulon.quixotewright@example.org"
NOTE = "Zebulon fixed the turbo encabulator"


@pytest.fixture
def written_through_the_api(api, recruiter, interview, queued_jobs):
    api.login(recruiter)
    response = api.post(
        f"/api/v1/interviews/{interview.id}/invitations",
        json={"email": EMAIL, "name": NAME},
    )
    assert response.status_code == 201, response.get_json()
    invitation = db.session.get(Invitation, response.get_json()["invitations"][0]["id"])
    session = conductor.start_session(invitation)
    db.session.commit()
    patched = api.patch(
        f"/api/v1/sessions/{session.id}", json={"stage": "hold", "note": NOTE}
    )
    assert patched.status_code == 200, patched.get_json()
    return invitation, session


def test_names_emails_and_notes_are_not_stored_in_clear(written_through_the_api):
    db.session.commit()
    needles = [NAME, EMAIL, "Quixotewright", NOTE]
    assert clear_text_hits(needles) == []
    stored = sqlite_file_bytes()
    if stored is not None:  # the raw database file, on SQLite
        assert b"CREATE TABLE invitations" in stored  # it is the whole database
        assert all(needle.encode() not in stored for needle in needles)
        assert b"Quixotewright".lower() not in stored.lower()


def test_the_api_and_pages_still_show_them(written_through_the_api, api, client):
    invitation, session = written_through_the_api
    body = api.get(f"/api/v1/sessions/{session.id}").get_json()
    assert (body["candidate"]["name"], body["candidate"]["email"]) == (NAME, EMAIL)
    assert body["stage_note"] == NOTE
    listed = api.get(f"/api/v1/interviews/{invitation.interview_id}/invitations")
    assert [row["email"] for row in listed.get_json()["items"]] == [EMAIL]
    searched = api.get(
        f"/api/v1/interviews/{invitation.interview_id}/invitations?q=QUIXOTE"
    )
    assert [row["name"] for row in searched.get_json()["items"]] == [NAME]


def test_already_invited_is_found_by_the_keyed_hash(written_through_the_api, api):
    invitation, _session = written_through_the_api
    again = api.post(
        f"/api/v1/interviews/{invitation.interview_id}/invitations",
        json={"email": EMAIL.upper(), "name": "Someone"},
    )
    assert again.status_code == 409
    assert invitation.email_hash == email_hash(EMAIL) != email_hash("x" + EMAIL)
    assert len(invitation.email_hash) == 64 and EMAIL not in invitation.email_hash


def test_each_write_is_a_fresh_token(interview):
    first, _ = factories.make_invitation(interview, email="same@example.org")
    stored = db.session.execute(
        db.text("SELECT email FROM invitations WHERE id = :id"), {"id": first.id}
    ).scalar_one()
    assert stored.startswith("gAAAA")  # a Fernet token, version byte 0x80
    first.email = "same@example.org "
    db.session.commit()
    again = db.session.execute(
        db.text("SELECT email FROM invitations WHERE id = :id"), {"id": first.id}
    ).scalar_one()
    assert again != stored
