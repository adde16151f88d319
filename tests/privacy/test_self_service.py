"""A candidate's own requests: asked on /privacy, confirmed by the emailed link."""

import io
import json
import zipfile

from app.invitations.delivery import render_invitation_email
from app.models import PrivacyRequest
from tests.privacy.conftest import EMAIL, NAME
from tests.support.mailbox import link_in


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_every_invitation_email_links_to_the_privacy_page(candidate, client):
    email = render_invitation_email(candidate.invitation, "a-token")
    assert "http://127.0.0.1:5000/privacy" in email.text
    assert 'href="http://127.0.0.1:5000/privacy"' in email.html
    assert client.get("/privacy").status_code == 200


def test_a_candidate_exports_their_data_through_the_emailed_links(
    candidate, client, console_mail
):
    asked = client.post("/privacy", data={"email": EMAIL.upper(), "kind": "export"})
    assert asked.status_code == 200
    assert "Check your email" in asked.get_data(as_text=True)
    confirm = link_in(console_mail.last_to(EMAIL), "/privacy/confirm/")
    assert PrivacyRequest.query.one().status == "awaiting_confirmation"

    assert client.get(_path(confirm)).status_code == 200  # opening changes nothing
    assert PrivacyRequest.query.one().status == "awaiting_confirmation"
    confirmed = client.post(_path(confirm))
    assert confirmed.status_code == 200
    assert client.post(_path(confirm)).status_code == 410  # single use

    download = link_in(console_mail.last_to(EMAIL), "/privacy/download/")
    archive = zipfile.ZipFile(io.BytesIO(client.post(_path(download)).data))
    [item] = json.loads(archive.read("data.json"))["records"]["invitations"]
    assert (item["name"], item["email"]) == (NAME, EMAIL)


def test_a_candidate_erases_their_data(candidate, client, console_mail):
    client.post("/privacy", data={"email": EMAIL, "kind": "erasure"})
    confirm = link_in(console_mail.last_to(EMAIL), "/privacy/confirm/")
    client.post(_path(confirm))
    assert console_mail.last_to(EMAIL).subject == "Your data has been erased"
    assert candidate.invitation.anonymized_at is not None


def test_bad_input_keeps_the_form_and_says_why(client):
    response = client.post("/privacy", data={"email": "nope", "kind": "sell"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Not a valid email address." in html
    assert "Choose a copy of your data or erasure." in html
    assert PrivacyRequest.query.count() == 0
