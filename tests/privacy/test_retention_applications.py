"""Retention of applications (per opening, else the workspace's period) and the
workspace's period for candidates: the purge anonymizes, deletes resume files,
respects legal holds and is idempotent."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Application, AuditEvent, Invitation, utcnow
from app.privacy import holds, purge, retention
from tests import factories
from tests.support.hiring import make_opening, submit

T0 = utcnow().replace(microsecond=0) - timedelta(days=1000)


@pytest.fixture
def uploads(app, monkeypatch, tmp_path):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(folder))
    return folder


def _applied(opening, email, when=T0):
    application, _token = submit(opening, email=email, name=email.split("@")[0])
    application.created_at = application.stage_changed_at = when
    db.session.commit()
    return application


def _files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_applications_past_their_period_are_anonymized_and_their_resumes_deleted(
    recruiter, product, interview, uploads
):
    opening = make_opening(recruiter, product, interview_id=interview.id)
    longer = make_opening(recruiter, product, title="Data Engineer")
    retention.set_opening_days(recruiter, longer, 367)
    gone = _applied(opening, "gone@example.org")
    kept = _applied(longer, "kept@example.org")  # a day inside its opening's period
    held = _applied(opening, "held@example.org")
    invitation, _ = factories.make_invitation(interview, email="held@example.org")
    held.invitation_id = invitation.id
    db.session.commit()
    holds.place_hold(recruiter, invitation.id, "A claim")
    db.session.commit()
    assert len(_files(uploads)) == 3

    counts = purge.purge_expired(now=T0 + timedelta(days=366))

    assert (counts["applications"], counts["held"]) == (1, 1)
    db.session.expire_all()
    gone = db.session.get(Application, gone.id)
    assert (gone.name, gone.email, gone.phone, gone.resume_text) == ("", "", "", "")
    assert gone.anonymized_at is not None and gone.resume_path == ""
    assert gone.stage == "applied" and gone.match_score is not None
    assert db.session.get(Application, kept.id).email == "kept@example.org"
    assert db.session.get(Application, held.id).email == "held@example.org"
    assert len(_files(uploads)) == 2
    assert retention.application_removal_date(kept) == T0 + timedelta(days=367)

    again = purge.purge_expired(now=T0 + timedelta(days=366))
    assert (again["applications"], again["held"]) == (0, 1)
    [audit] = AuditEvent.query.filter_by(action="retention.purged").all()
    assert audit.details["applications"] == 1


def test_the_workspace_period_applies_to_every_product_of_the_workspace(
    recruiter, interview
):
    inside, _ = factories.make_invitation(interview, email="inside@example.org")
    past, _ = factories.make_invitation(interview, email="past@example.org")
    inside.created_at = utcnow() - timedelta(days=29)
    past.created_at = utcnow() - timedelta(days=31)
    workspace = retention.set_workspace_days(recruiter, 30)
    db.session.commit()
    assert interview.product.workspace_id == workspace.id
    assert retention.days_for(interview.id) == 30

    counts = purge.purge_expired()

    assert counts["invitations"] == 1
    db.session.expire_all()
    assert db.session.get(Invitation, past.id).anonymized_at is not None
    assert db.session.get(Invitation, inside.id).anonymized_at is None
    # An interview's own override still wins over the workspace's period.
    retention.set_interview_days(recruiter, interview, 90)
    assert retention.days_for(interview.id) == 90


def test_only_workspace_owners_and_admins_set_its_period(api, recruiter, admin):
    from app.models import Membership

    api.login(recruiter)
    ok = api.request("PUT", "/api/v1/gdpr/retention/account", json={"days": 60})
    assert ok.status_code == 200
    membership = Membership.query.filter_by(user_id=recruiter.id).one()
    membership.role = "recruiter"
    db.session.commit()
    refused = api.request("PUT", "/api/v1/gdpr/retention/account", json={"days": 9})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "FORBIDDEN"
    assert membership.workspace.retention_days == 60
