"""Migration 0016 encrypts the rows already there; its downgrade restores them."""

import flask_migrate
from sqlalchemy import text

from app.extensions import db
from app.models import InterviewSession, Invitation
from app.models.crypto import email_hash
from tests.test_migrations import (  # noqa: F401  (fixtures)
    empty_database_url,
    migration_app,
)

NOW = "'2026-01-01 00:00:00'"
ROWS = [
    "INSERT INTO users (id, email, username, full_name, role, is_active, "
    f"token_version, created_at, updated_at) VALUES (1, 'r@example.org', 'r', 'R', "
    f"'recruiter', true, 1, {NOW}, {NOW})",
    "INSERT INTO products (id, owner_id, name, description, created_at, updated_at) "
    f"VALUES (1, 1, 'P', '', {NOW}, {NOW})",
    "INSERT INTO interviews (id, product_id, role_title, job_description, seniority, "
    "skills, language, persona_name, persona_tone, extra_instructions, "
    "time_limit_minutes, follow_up_depth, rubric, rubric_version, advance_threshold, "
    "consider_threshold, invite_expiry_days, status, created_at, updated_at) VALUES "
    "(1, 1, 'Dev', '', 'mid', '[]', 'en', 'Ava', 'warm', '', 30, 1, '[]', 1, 7, 5, 7, "
    f"'active', {NOW}, {NOW})",
    "INSERT INTO invitations (id, interview_id, email, name, token_hash, status, "
    "expires_at, send_attempts, created_at, updated_at) VALUES (1, 1, "
    f"'old.timer@example.org', 'Old Timer', 'h1', 'sent', {NOW}, 0, {NOW}, {NOW})",
    "INSERT INTO interview_sessions (id, invitation_id, interview_id, status, phase, "
    "follow_ups_asked, running_summary, fallback_count, started_at, summary, "
    "strengths, gaps, stage, stage_note, scoring_status, created_at, updated_at) "
    "VALUES (1, 1, 1, 'completed', 'completed', 0, '', 0, "
    f"{NOW}, '', '[]', '[]', 'hold', 'Old Timer knows COBOL', 'done', {NOW}, {NOW})",
]


def _raw(sql: str):
    return db.session.execute(text(sql)).one()


def test_rows_written_before_0016_are_encrypted_and_restored(migration_app):  # noqa: F811
    flask_migrate.upgrade(revision="0015_openings")
    for statement in ROWS:
        db.session.execute(text(statement))
    db.session.commit()

    flask_migrate.upgrade(revision="0016_privacy")
    email, name, hashed = _raw("SELECT email, name, email_hash FROM invitations")
    (note,) = _raw("SELECT stage_note FROM interview_sessions")
    assert "Old" not in email + name + note and email.startswith("gAAAA")
    assert hashed == email_hash("old.timer@example.org")
    invitation = db.session.get(Invitation, 1)
    assert (invitation.email, invitation.name) == ("old.timer@example.org", "Old Timer")
    assert db.session.get(InterviewSession, 1).stage_note == "Old Timer knows COBOL"
    db.session.rollback()

    flask_migrate.downgrade(revision="0015_openings")
    assert _raw("SELECT email, name FROM invitations") == (
        "old.timer@example.org",
        "Old Timer",
    )
    assert _raw("SELECT stage_note FROM interview_sessions") == (
        "Old Timer knows COBOL",
    )


APPLICATION_ROWS = [
    "INSERT INTO openings (id, product_id, title, description, company, location, "
    "department, salary_currency, job_type, work_mode, experience_level, "
    "required_skills, status, created_at, updated_at) VALUES (1, 1, 'Dev', '', '', "
    f"'', '', 'EUR', 'full_time', 'remote', 'mid', '[]', 'open', {NOW}, {NOW})",
    "INSERT INTO applications (id, opening_id, name, email, phone, location, "
    "cover_letter, current_company, current_position, availability, consented_at, "
    "resume_for_interview, access_token_hash, resume_path, resume_filename, "
    "resume_kind, resume_size, parse_status, resume_text, parsed_skills, "
    "resume_flags, match_parts, stage, created_at, updated_at) VALUES (1, 1, "
    "'Old Applicant', 'old.applicant@example.org', '+1 555 0100', '', "
    "'Dear Old Team', '', '', '', "
    f"{NOW}, false, 'a1', 'resumes/old.pdf', 'Old CV.pdf', 'pdf', 9, 'parsed', "
    f"'Old resume sentence', '[]', '[]', '[]', 'applied', {NOW}, {NOW})",
]
PERSONAL = "name, email, phone, cover_letter, resume_filename, resume_text"


def test_applications_and_resume_files_before_0019_are_encrypted_and_restored(
    migration_app,  # noqa: F811
    monkeypatch,
    tmp_path,
):
    from app.hiring import storage
    from app.models import Application

    monkeypatch.setitem(migration_app.config, "UPLOAD_DIR", str(tmp_path))
    (tmp_path / "resumes").mkdir()
    (tmp_path / "resumes" / "old.pdf").write_bytes(b"%PDF-old")
    flask_migrate.upgrade(revision="0018_calibration")
    for statement in ROWS[:3] + APPLICATION_ROWS:
        db.session.execute(text(statement))
    db.session.commit()

    flask_migrate.upgrade(revision="0019_privacy2")
    stored = _raw(f"SELECT {PERSONAL}, email_hash FROM applications")
    assert all(value.startswith("gAAAA") for value in stored[:-1])
    assert "Old" not in "".join(stored)
    assert stored[-1] == email_hash("old.applicant@example.org")
    assert (tmp_path / "resumes" / "old.pdf").read_bytes().startswith(b"gAAAAA")
    application = db.session.get(Application, 1)
    assert (application.name, application.phone, application.resume_text) == (
        "Old Applicant",
        "+1 555 0100",
        "Old resume sentence",
    )
    assert storage.read_file("resumes/old.pdf") == b"%PDF-old"
    db.session.rollback()

    flask_migrate.downgrade(revision="0018_calibration")
    assert _raw(f"SELECT {PERSONAL} FROM applications") == (
        "Old Applicant",
        "old.applicant@example.org",
        "+1 555 0100",
        "Dear Old Team",
        "Old CV.pdf",
        "Old resume sentence",
    )
    assert (tmp_path / "resumes" / "old.pdf").read_bytes() == b"%PDF-old"
