"""The kinds of records about a person that Viva holds today, registered for export,
erasure and retention (app/privacy/registry.py). Applications and resumes register
their own kinds the same way when they arrive."""

from sqlalchemy import or_, select

from app.extensions import db
from app.models import (
    AuditEvent,
    ConsentRecord,
    Evaluation,
    InterviewSession,
    Invitation,
    Message,
)
from app.ownership import visible_invitations
from app.privacy.anonymize import anonymize_invitation
from app.privacy.registry import SubjectRecords, register_subject_records


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def find_invitations(subject, actor=None) -> list[Invitation]:
    """The person's invitations (a recruiter's request: only those they may see)."""
    query = visible_invitations(actor) if actor is not None else select(Invitation)
    query = query.where(Invitation.email_hash == subject.email_hash).order_by(
        Invitation.id
    )
    return list(db.session.scalars(query))


def _session_export(session: InterviewSession) -> dict:
    messages = db.session.scalars(
        select(Message).where(Message.session_id == session.id).order_by(Message.seq)
    )
    evaluations = db.session.scalars(
        select(Evaluation).where(Evaluation.session_id == session.id)
    )
    return {
        "id": session.id,
        "status": session.status,
        "started_at": _iso(session.started_at),
        "ended_at": _iso(session.ended_at),
        "overall_score": session.overall_score,
        "recommendation": session.recommendation,
        "summary": session.summary,
        "strengths": session.strengths,
        "gaps": session.gaps,
        "stage": session.stage,
        "stage_note": session.stage_note,
        "transcript": [
            {
                "seq": m.seq,
                "role": m.role,
                "text": m.content,
                "at": _iso(m.created_at),
            }
            for m in messages
        ],
        "scores": [
            {
                "question_id": e.question_id,
                "overall": e.overall,
                "relevance": e.relevance,
                "completeness": e.completeness,
                "accuracy": e.accuracy,
                "clarity": e.clarity,
                "competencies": e.competency_scores,
                "feedback": e.feedback,
            }
            for e in evaluations
        ],
    }


def _audit_about(invitation: Invitation) -> list[dict]:
    targets = [("Invitation", invitation.id)]
    if invitation.session is not None:
        targets.append(("InterviewSession", invitation.session.id))
    rows = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                *(
                    (AuditEvent.target_type == kind) & (AuditEvent.target_id == ident)
                    for kind, ident in targets
                )
            )
        )
        .order_by(AuditEvent.id)
    )
    return [
        {
            "action": row.action,
            "at": _iso(row.created_at),
            "target": row.target_type,
            "details": row.details,
            "by_user_id": row.actor_id,
        }
        for row in rows
    ]


def export_invitation(invitation: Invitation) -> dict:
    """Everything about one invitation of the person, as JSON-able data."""
    interview = invitation.interview
    consents = db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.invitation_id == invitation.id)
    )
    return {
        "invitation_id": invitation.id,
        "name": invitation.name,
        "email": invitation.email,
        "interview": {"role": interview.role_title, "company": interview.product.name},
        "status": invitation.status,
        "invited_at": _iso(invitation.created_at),
        "opened_at": _iso(invitation.opened_at),
        "session": _session_export(invitation.session) if invitation.session else None,
        "consents": [
            {
                "kind": c.kind,
                "text_version": c.text_version,
                "source": c.source,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in consents
        ],
        "audit": _audit_about(invitation),
    }


def erase_invitation(invitation: Invitation) -> None:
    """Anonymize the invitation and its session; delete its consent records."""
    anonymize_invitation(invitation)
    for consent in db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.invitation_id == invitation.id)
    ):
        db.session.delete(consent)


INVITATIONS = register_subject_records(
    SubjectRecords(
        name="invitations",
        find=find_invitations,
        export=export_invitation,
        erase=erase_invitation,
    )
)
