"""Applications are personal data: encrypted at rest (rows and resume files), found
by the keyed email hash, exported, erased everywhere, and re-encrypted on rotation."""

import base64
import io
import json
import zipfile
from pathlib import Path

import pytest

from app.extensions import db
from app.hiring import storage
from app.models import Application
from app.models.crypto import Keyring, email_hash
from app.privacy import requests, service
from app.privacy.keys import rotate_keys
from tests.privacy.scan import clear_text_hits, decrypted_hits, sqlite_file_bytes
from tests.support.hiring import apply_form, make_opening
from tests.support.mailbox import link_in
from tests.support.resumes import text_pdf

NAME = "Philomena Vandersnoot"
EMAIL = "philomena.vandersnoot@example.org"
PHONE = "+49 30 5550 1987"
RESUME_SENTENCE = "Piloted the zeppelin fleet migration to quaternion routing."
COVER = "Dear team, I once debugged a lighthouse from a rowing boat."
NEEDLES = [NAME, "Vandersnoot", EMAIL, PHONE, RESUME_SENTENCE, COVER]
OLD_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture
def uploads(app, monkeypatch, tmp_path):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(folder))
    return folder


@pytest.fixture
def opening(recruiter, product, interview):
    return make_opening(recruiter, product, interview_id=interview.id)


@pytest.fixture
def resume() -> bytes:
    return text_pdf([f"{NAME} - Backend Engineer", RESUME_SENTENCE, "Skills: Python."])


@pytest.fixture
def applied(client, opening, uploads, resume, export_dir):
    response = client.post(
        f"/api/v1/jobs/{opening.id}/apply",
        data=apply_form(
            resume,
            "Vandersnoot CV.pdf",
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            cover_letter=COVER,
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    db.session.expire_all()
    return db.session.get(Application, response.get_json()["id"])


def _file_store_hits(folder: Path, needles) -> list[str]:
    hits = []
    for path in (p for p in folder.rglob("*") if p.is_file()):
        stored = path.read_bytes().lower()
        hits.extend(
            f"{path.name}: {n!r}" for n in needles if n.lower().encode() in stored
        )
    return hits


def test_an_application_is_not_stored_in_clear_anywhere(applied, uploads, resume):
    assert applied.resume_text and RESUME_SENTENCE in applied.resume_text
    db.session.commit()
    assert clear_text_hits(NEEDLES + ["Vandersnoot CV"]) == []
    stored = sqlite_file_bytes()
    if stored is not None:  # the raw database file, on SQLite
        assert b"CREATE TABLE applications" in stored
        assert all(n.lower().encode() not in stored.lower() for n in NEEDLES)
    [resume_file] = [p for p in uploads.rglob("*") if p.is_file()]
    assert resume_file.read_bytes().startswith(b"gAAAAA")  # a Fernet token
    assert b"%PDF" not in resume_file.read_bytes()
    assert _file_store_hits(uploads, NEEDLES) == []
    assert storage.read_file(applied.resume_path) == resume


def test_the_recruiter_still_sees_the_application_and_the_resume(
    applied, api, recruiter, resume
):
    api.login(recruiter)
    body = api.get(f"/api/v1/applications/{applied.id}").get_json()
    assert (body["name"], body["email"], body["phone"]) == (NAME, EMAIL, PHONE)
    assert api.get(f"/api/v1/applications/{applied.id}/resume").data == resume
    page = api.get(f"/portal/applications/{applied.id}").get_data(as_text=True)
    assert NAME in page and EMAIL in page


def test_one_application_per_email_is_checked_on_the_keyed_hash(
    applied, client, opening, resume
):
    assert applied.email_hash == email_hash(EMAIL)
    again = client.post(
        f"/api/v1/jobs/{opening.id}/apply",
        data=apply_form(resume, name="Someone", email=EMAIL.upper()),
        content_type="multipart/form-data",
    )
    assert again.status_code == 409
    assert Application.query.count() == 1


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_the_applicant_exports_their_application_and_resume_text(
    applied, client, console_mail
):
    client.post("/privacy", data={"email": EMAIL, "kind": "export"})
    client.post(_path(link_in(console_mail.last_to(EMAIL), "/privacy/confirm/")))
    download = link_in(console_mail.last_to(EMAIL), "/privacy/download/")
    archive = zipfile.ZipFile(io.BytesIO(client.post(_path(download)).data))
    [item] = json.loads(archive.read("data.json"))["records"]["applications"]
    assert (item["name"], item["email"], item["phone"]) == (NAME, EMAIL, PHONE)
    assert item["cover_letter"] == COVER
    assert RESUME_SENTENCE in item["resume"]["text"]
    assert item["opening"]["title"] == "Backend Engineer"
    assert item["stage"] == "applied"
    assert [d["action"] for d in item["decisions"]] == ["application.received"]
    rows = archive.read("applications.csv").decode()
    assert EMAIL in rows and RESUME_SENTENCE in rows


def test_erasure_leaves_nothing_in_the_database_or_the_file_store(
    applied, client, console_mail, uploads
):
    client.post("/privacy", data={"email": EMAIL, "kind": "erasure"})
    client.post(_path(link_in(console_mail.last_to(EMAIL), "/privacy/confirm/")))
    assert console_mail.last_to(EMAIL).subject == "Your data has been erased"
    db.session.expire_all()
    application = db.session.get(Application, applied.id)
    assert application.anonymized_at is not None
    # What hiring figures count stays: the stage and the match score.
    assert application.stage == "applied" and application.match_score is not None
    assert decrypted_hits(NEEDLES + ["Vandersnoot CV"]) == []
    assert [p for p in uploads.rglob("*") if p.is_file()] == []


def test_rotation_re_encrypts_application_fields_and_resume_files(
    app, monkeypatch, opening, uploads, resume
):
    from tests.support.hiring import submit

    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", OLD_KEY)
    application, _token = submit(opening, email=EMAIL, name=NAME, resume=resume)
    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", f"{NEW_KEY},{OLD_KEY}")
    report = rotate_keys()
    assert report.rotated["applications.email"] == 1
    assert report.rotated["applications.resume_text"] == 1
    assert report.rotated["files.resumes"] == 1
    assert rotate_keys().rotated["files.resumes"] == 0  # nothing left to do
    newest = Keyring(NEW_KEY, "unused")
    [stored] = [p for p in uploads.rglob("*") if p.is_file()]
    assert newest.is_current(stored.read_bytes().decode("ascii"))
    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", NEW_KEY)
    db.session.expire_all()
    again = db.session.get(Application, application.id)
    assert (again.name, again.email) == (NAME, EMAIL)
    assert storage.read_file(again.resume_path) == resume


def test_a_recruiter_erasure_of_the_screened_candidate_covers_the_application(
    applied, api, recruiter, console_mail
):
    """The applicant invited to the screening interview is erased from the report."""
    api.login(recruiter)
    for stage in ("under_review", "interview_scheduled"):
        moved = api.post(
            f"/api/v1/applications/{applied.id}/stage", json={"stage": stage}
        )
        assert moved.status_code == 200, moved.get_json()
    db.session.expire_all()
    invitation_id = db.session.get(Application, applied.id).invitation_id
    asked = requests.ask_for_candidate(recruiter, invitation_id, "erasure")
    db.session.commit()
    assert service.run_request(asked.id) == "done"
    db.session.expire_all()
    assert db.session.get(Application, applied.id).anonymized_at is not None
    assert decrypted_hits(NEEDLES) == []
