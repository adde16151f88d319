"""The webhook events Viva emits, each built from its record in one call.

Services call e.g. `events.interview_completed(session)` after the change (in the same
transaction); the event goes to the endpoints of the workspace that owns the interview's
product (a candidate's practice has none, and emits nothing). Payloads hold
ids, the candidate's name and email (the owner's own data, for their ATS) and links;
never transcripts or secrets. Completions and applications also become email
notifications for the workspace's members who want them (app.notifications).
"""

from flask import current_app, has_app_context
from sqlalchemy import select

from app.extensions import db
from app.integrations.webhooks import emit
from app.models import Interview, InterviewSession, Invitation, Message, Product
from app.notifications import service as notifications


def _owner_id(interview_id: int) -> int | None:
    """The id of the workspace that owns the interview's product (one read)."""
    return db.session.scalar(
        select(Product.workspace_id)
        .join(Interview, Interview.product_id == Product.id)
        .where(Interview.id == interview_id)
    )


def _link(path: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"] if has_app_context() else ""
    return base.rstrip("/") + path


def _interview(interview_id: int) -> dict:
    interview = db.session.get(Interview, interview_id)
    return {"id": interview.id, "role_title": interview.role_title}


def _candidate(invitation: Invitation) -> dict:
    return {
        "invitation_id": invitation.id,
        "name": invitation.name,
        "email": invitation.email,
    }


def _session(session: InterviewSession) -> dict:
    return {
        "session_id": session.id,
        "interview": _interview(session.interview_id),
        "candidate": _candidate(session.invitation),
        "report_url": _link(f"/portal/sessions/{session.id}"),
    }


def invitation_sent(invitation: Invitation) -> None:
    """invitation.sent: the invitation email went out."""

    def data():  # built only when an endpoint is subscribed
        return {
            "interview": _interview(invitation.interview_id),
            "candidate": _candidate(invitation),
            "sent_at": invitation.sent_at.isoformat() if invitation.sent_at else None,
            "expires_at": invitation.expires_at.isoformat(),
        }

    emit(_owner_id(invitation.interview_id), "invitation.sent", data)


def interview_started(session: InterviewSession) -> None:
    """interview.started: the candidate began the interview."""

    def data():  # built only when an endpoint is subscribed
        return {**_session(session), "started_at": session.started_at.isoformat()}

    emit(_owner_id(session.interview_id), "interview.started", data)


def interview_completed(session: InterviewSession) -> None:
    """interview.completed: the last turn was said; scoring follows."""

    def data():  # built only when an endpoint is subscribed
        return {
            **_session(session),
            "started_at": session.started_at.isoformat(),
            "ended_at": session.ended_at.isoformat() if session.ended_at else None,
        }

    emit(_owner_id(session.interview_id), "interview.completed", data)
    notifications.interview_completed(session)


def evaluation_ready(session: InterviewSession) -> None:
    """evaluation.ready: every answer is scored and the report is written."""

    def data():  # built only when an endpoint is subscribed
        return {
            **_session(session),
            "overall_score": session.overall_score,
            "recommendation": session.recommendation,
            "scoring_status": session.scoring_status,
        }

    emit(_owner_id(session.interview_id), "evaluation.ready", data)


def integrity_flagged(session: InterviewSession, message: Message) -> None:
    """integrity.flagged: an answer was mostly pasted (the disclosed, fixed rule in
    app.integrity.signals); facts only, never the answer's text."""
    signals = message.integrity or {}

    def data():  # built only when an endpoint is subscribed
        return {
            **_session(session),
            "message_seq": message.seq,
            "question_id": message.question_id,
            "rule": "more than half of an answer of 40+ characters was pasted",
            "pasted_chars": min(
                int(signals.get("pasted_chars") or 0), len(message.content)
            ),
            "answer_chars": len(message.content),
        }

    emit(_owner_id(session.interview_id), "integrity.flagged", data)


def stage_changed(session: InterviewSession, previous: str) -> None:
    """candidate.stage_changed: a recruiter moved the candidate to another stage."""

    def data():  # built only when an endpoint is subscribed
        return {**_session(session), "from": previous, "to": session.stage}

    emit(_owner_id(session.interview_id), "candidate.stage_changed", data)


def application_received(application) -> None:
    """application.received: someone applied to an opening on the job board."""
    opening = application.opening
    product = db.session.get(Product, opening.product_id)

    def data():  # built only when an endpoint is subscribed
        return {
            "application_id": application.id,
            "opening": {"id": opening.id, "title": opening.title},
            "candidate": {"name": application.name, "email": application.email},
            "match_score": application.match_score,
            "application_url": _link(f"/portal/applications/{application.id}"),
        }

    emit(product.workspace_id, "application.received", data)
    notifications.application_received(application)
