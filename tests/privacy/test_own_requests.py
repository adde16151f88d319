"""A candidate account asks for its own export and erasure from the profile page and
the API; each is confirmed by the emailed link, then done by the job."""

import io
import json
import zipfile

import pytest

from app.extensions import db
from app.models import AuditEvent, ConsentRecord, PrivacyRequest, User
from app.practice import bank
from app.privacy.accounts import export_account
from tests import factories
from tests.practice.conftest import run_session
from tests.privacy.scan import decrypted_hits
from tests.support.asserts import assert_error
from tests.support.mailbox import link_in

EMAIL = "ottoline.brackenbury@example.org"
NAME = "Ottoline Brackenbury"
ANSWER = (
    "First I measured the marmalade pipeline latency, because the trade-off depends "
    "on it; then I would pick the simplest change, test it on a small share of "
    "traffic and roll it out while we monitor the metrics, and write down lessons."
)
JD = "Quaternion Bakery needs a backend engineer for its sourdough telemetry."


@pytest.fixture
def practising(api, console_mail, export_dir):
    bank.load_bank()
    db.session.commit()
    user = factories.make_user(
        email=EMAIL, username="ottoline", full_name=NAME, role="candidate"
    )
    api.login(user)
    saved = api.post(
        "/api/v1/practice/job-descriptions",
        json={"title": "Baker engineer", "company": "Quaternion", "text": JD},
    )
    assert saved.status_code == 201, saved.get_json()
    run_session(api, length=3, answer=ANSWER)
    return User.query.filter_by(email=EMAIL).one()


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_profile_page_offers_a_copy_and_erasure(practising, client):
    factories.page_login(client, practising)
    page = client.get("/practice/profile").get_data(as_text=True)
    assert "Your data" in page and 'action="/practice/profile/data"' in page


def test_an_account_exports_its_own_data_through_the_api(
    practising, api, client, console_mail
):
    response = api.post("/api/v1/gdpr/me/requests", json={"kind": "export"})
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "awaiting_confirmation"
    confirm = link_in(console_mail.last_to(EMAIL), "/privacy/confirm/")
    assert client.post(_path(confirm)).status_code == 200
    download = link_in(console_mail.last_to(EMAIL), "/privacy/download/")
    archive = zipfile.ZipFile(io.BytesIO(client.post(_path(download)).data))
    records = json.loads(archive.read("data.json"))["records"]
    [account] = records["account"]
    assert (account["profile"]["email"], account["profile"]["full_name"]) == (
        EMAIL,
        NAME,
    )
    assert [d["text"] for d in account["job_descriptions"]] == [JD]
    answers = [
        turn["text"]
        for item in records["invitations"]
        for turn in item["session"]["transcript"]
        if turn["role"] == "candidate"
    ]
    assert ANSWER in answers
    audit = AuditEvent.query.filter_by(action="privacy.export_requested").one()
    assert audit.actor_id == practising.id and audit.details == {"by": "account"}


def test_an_account_erases_itself_from_the_profile_page(
    practising, client, console_mail
):
    user_id = practising.id
    csrf = factories.page_login(client, practising)
    asked = client.post(
        "/practice/profile/data", data={"kind": "erasure", "csrf_token": csrf}
    )
    assert asked.status_code == 302  # not confirmed on the page: nothing asked
    assert PrivacyRequest.query.count() == 0
    asked = client.post(
        "/practice/profile/data",
        data={"kind": "erasure", "confirm": "yes", "csrf_token": csrf},
    )
    assert asked.status_code == 302
    assert asked.headers["Location"].endswith("/practice/profile#your-data")
    assert db.session.get(User, user_id) is not None  # waits for the emailed link
    confirm = link_in(console_mail.last_to(EMAIL), "/privacy/confirm/")
    assert client.post(_path(confirm)).status_code == 200
    assert console_mail.last_to(EMAIL).subject == "Your data has been erased"
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert decrypted_hits([EMAIL, NAME, "Brackenbury", ANSWER, JD]) == []


def test_only_candidate_accounts_ask_here(api, recruiter):
    api.login(recruiter)
    response = api.post("/api/v1/gdpr/me/requests", json={"kind": "export"})
    assert_error(response, 403, "FORBIDDEN")


def test_practice_data_consent_is_recorded_shown_exported_and_withdrawable(
    practising, api, client
):
    saved = api.request(
        "PATCH",
        "/api/v1/practice/profile",
        json={"target_role": "Sourdough engineer", "preferred_tracks": ["backend"]},
    )
    assert saved.status_code == 200, saved.get_json()
    [consent] = ConsentRecord.query.filter_by(user_id=practising.id).all()
    assert (consent.kind, consent.source) == ("practice_data", "api")
    assert consent.text_version.startswith("practice_data-")
    assert export_account(practising)["consents"][0]["kind"] == "practice_data"

    csrf = factories.page_login(client, practising)
    page = client.get("/practice/profile").get_data(as_text=True)
    assert "Practice data (target role, level, tracks): given" in page
    withdrawn = client.post(
        "/practice/profile/practice-data/withdraw", data={"csrf_token": csrf}
    )
    assert withdrawn.status_code == 302
    db.session.expire_all()
    assert db.session.get(ConsentRecord, consent.id).withdrawn_at is not None
    profile = api.get("/api/v1/practice/profile").get_json()
    assert (profile["target_role"], profile["preferred_tracks"]) == (None, [])
