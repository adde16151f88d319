"""Stages an application moves through, and what a move does.

applied -> under_review -> interview_scheduled -> selected | rejected; the applicant
may withdraw before a decision (app.hiring.applications.withdraw). Recruiters may
reject at any open stage and reconsider a rejection (back to under review). Every move
is an audit event with its actor and note. Moving to interview_scheduled invites the
applicant to the opening's AI screening interview through the invitation flow; the
edge emails the link after it commits.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.audit import record_event
from app.errors import Conflict, InteractionError, ValidationError
from app.extensions import db
from app.invitations import service as invitations
from app.invitations.service import IssuedLink
from app.models import Application, AuditEvent, Invitation, User, utcnow
from app.ownership import get_application
from app.upsert import update_if

MOVES = {
    "applied": ("under_review", "rejected"),
    "under_review": ("interview_scheduled", "rejected"),
    "interview_scheduled": ("selected", "rejected"),
    "rejected": ("under_review",),
    "selected": (),
    "withdrawn": (),
}
RECRUITER_STAGES = ("under_review", "interview_scheduled", "selected", "rejected")
STAGE_LABELS = {
    "applied": "Applied",
    "under_review": "Under review",
    "interview_scheduled": "Interview scheduled",
    "selected": "Selected",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}
NOTE_MAX = 2000


@dataclass
class Moved:
    """The outcome of one or more moves: the applications moved, the invitation
    links to email once committed, and per-application problems (bulk moves)."""

    moved: list[Application] = field(default_factory=list)
    issued: list[IssuedLink] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)


def allowed_moves(application: Application) -> tuple[str, ...]:
    """The stages a recruiter may move this application to now."""
    return MOVES.get(application.stage, ())


def move(
    actor: User,
    application: Application,
    stage: str,
    *,
    note: str = "",
    origin: dict | None = None,
) -> Moved:
    """Move one application to a stage (audited); may invite to the AI interview."""
    if stage not in RECRUITER_STAGES:
        message = "Choose under review, interview scheduled, selected or rejected."
        raise ValidationError(message, details={"stage": [message]})
    previous = application.stage
    if stage not in allowed_moves(application):
        label = STAGE_LABELS[previous].lower()
        raise InteractionError(
            f"An application that is {label} cannot move to "
            f"{STAGE_LABELS[stage].lower()}.",
            details={"stage": [f"Not allowed from {label}."]},
        )
    outcome = Moved()
    if stage == "interview_scheduled":
        outcome.issued += _invite(actor, application, origin)
    now = utcnow()
    changes = {"stage": stage, "stage_changed_at": now}
    if stage == "under_review" and application.reviewed_at is None:
        changes["reviewed_at"] = now
    if stage == "interview_scheduled":
        changes["interview_scheduled_at"] = now
    if not update_if(application, Application.stage == previous, **changes):
        raise Conflict("Someone moved this application at the same moment. Reload.")
    record_event(
        "application.stage_changed",
        actor=actor,
        target=application,
        details={"from": previous, "to": stage, "note": (note or "")[:NOTE_MAX]},
        **(origin or {}),
    )
    outcome.moved.append(application)
    return outcome


def _invite(actor, application, origin) -> list[IssuedLink]:
    """Invite the applicant to the opening's screening interview (once)."""
    interview = application.opening.interview
    if interview is None:
        raise InteractionError(
            "This opening has no AI screening interview yet. Choose one on the "
            "opening first.",
            details={"stage": ["The opening has no screening interview."]},
        )
    existing = db.session.scalars(
        select(Invitation).where(
            Invitation.interview_id == interview.id,
            Invitation.email_hash == application.email_hash,
        )
    ).first()
    if existing is not None:  # invited before (e.g. after a reconsidered rejection)
        application.invitation_id = existing.id
        return []
    try:
        invitations.ensure_accepting(interview)
    except Conflict as error:
        raise InteractionError(
            error.message, details={"stage": [error.message]}
        ) from None
    batch = invitations.invite_candidate(
        interview,
        email=application.email,
        name=application.name,
        actor=actor,
        origin=origin,
    )
    application.invitation_id = batch.invitations[0].id
    return batch.issued


def move_many(
    actor: User,
    application_ids: list[int],
    stage: str,
    *,
    note: str = "",
    origin: dict | None = None,
) -> Moved:
    """Move several applications; each that cannot move is reported, not fatal."""
    outcome = Moved()
    for application_id in dict.fromkeys(application_ids):
        application = get_application(actor, application_id)
        savepoint = db.session.begin_nested()
        try:
            one = move(actor, application, stage, note=note, origin=origin)
        except (InteractionError, Conflict, ValidationError) as error:
            savepoint.rollback()
            outcome.problems[application_id] = error.message
            continue
        savepoint.commit()
        outcome.moved += one.moved
        outcome.issued += one.issued
    return outcome


def history(application: Application) -> list[AuditEvent]:
    """The application's stage moves, oldest first, with actor and note."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.target_type == "Application",
                AuditEvent.target_id == application.id,
                AuditEvent.action == "application.stage_changed",
            )
            .order_by(AuditEvent.created_at, AuditEvent.id)
        )
    )
