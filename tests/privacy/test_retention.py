"""Retention: past their period, candidates are anonymized; analytics stay the same."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.analytics.service import interview_analytics
from app.extensions import db
from app.models import AuditEvent, Interview, InterviewSession, Invitation, Message
from app.privacy import holds, purge, retention
from app.tasks import purge_expired_personal_data
from tests.support import analytics_data
from tests.support.analytics_data import T0

# Every seeded session started at T0 and (when finished) ended within the hour.
A_YEAR_AND_A_DAY_LATER = T0 + timedelta(days=366)


@pytest.fixture
def seeded(recruiter, other_recruiter):
    return analytics_data.seed(recruiter, other_recruiter)


def _sessions(interview_id):
    return db.session.scalars(
        select(InterviewSession)
        .where(InterviewSession.interview_id == interview_id)
        .order_by(InterviewSession.id)
    ).all()


def _texts(session):
    return [
        m.content
        for m in db.session.scalars(
            select(Message).where(Message.session_id == session.id)
        )
    ]


def test_past_retention_is_anonymized_inside_is_kept_and_held_is_respected(
    seeded, recruiter, other_recruiter
):
    before = {key: interview_analytics(recruiter, seeded[key]) for key in "abc"}
    before_z = interview_analytics(other_recruiter, seeded["z"])
    first, held, *rest = _sessions(seeded["a"])
    holds.place_hold(recruiter, held.invitation_id, "Pending a claim")
    # Interview C keeps its candidates 367 days: a day inside its period.
    retention.set_interview_days(recruiter, db.session.get(Interview, seeded["c"]), 367)
    db.session.commit()

    counts = purge_expired_personal_data.call_local(now=A_YEAR_AND_A_DAY_LATER)

    assert counts["invitations"] == 6 + 1 + 1  # A's other sessions, B, Z
    assert counts["held"] == 1
    gone = first.invitation
    assert (gone.email, gone.name, gone.anonymized_at) == (
        "",
        "",
        A_YEAR_AND_A_DAY_LATER,
    )
    assert set(_texts(first)) == {""}
    kept = held.invitation
    assert kept.email.endswith("@example.com") and kept.anonymized_at is None
    assert "s2 answers 1" in _texts(held)
    [c1] = _sessions(seeded["c"])
    assert c1.invitation.anonymized_at is None and c1.invitation.name
    for key in "abc":
        assert interview_analytics(recruiter, seeded[key]) == before[key]
    assert interview_analytics(other_recruiter, seeded["z"]) == before_z
    [audit] = AuditEvent.query.filter_by(action="retention.purged").all()
    assert audit.details == counts and audit.actor_id is None


def test_the_purge_is_idempotent_and_runs_in_batches(app, monkeypatch, seeded):
    monkeypatch.setitem(app.config, "PII_BATCH_SIZE", 2)
    first = purge.purge_expired(now=A_YEAR_AND_A_DAY_LATER)
    again = purge.purge_expired(now=A_YEAR_AND_A_DAY_LATER)
    assert first["invitations"] == 10
    assert again == {
        "invitations": 0,
        "messages": 0,
        "applications": 0,
        "held": 0,
        "copies": 0,
    }
    assert AuditEvent.query.filter_by(action="retention.purged").count() == 1
    anonymized = Invitation.query.filter(Invitation.anonymized_at.is_not(None))
    assert anonymized.count() == 10


def test_the_recruiter_sees_when_a_candidate_will_be_removed(seeded, recruiter):
    first = _sessions(seeded["a"])[0]
    assert retention.removal_date(first.invitation) == first.ended_at + timedelta(
        days=365
    )
    retention.set_workspace_days(recruiter, 30)
    assert retention.removal_date(first.invitation) == first.ended_at + timedelta(
        days=30
    )
