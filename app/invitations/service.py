"""Invitation rules: inviting candidates, resending, revoking, extending, expiry.

Services take the acting user as an argument, flush but never commit, and never touch
the request; `origin` (ip_address, user_agent) only feeds audit events. Plaintext link
tokens leave these functions only inside IssuedLink, for the edge to answer with and to
hand to app.tasks.email_invitations() after it commits.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from marshmallow import ValidationError as SchemaValidationError
from marshmallow import validate
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.exc import IntegrityError

from app.audit import record_event
from app.auth.service import ensure_verified_sender
from app.errors import Conflict, ValidationError
from app.extensions import db
from app.invitations.bulk import CandidateRow
from app.invitations.tokens import invitation_link, new_link_token
from app.models import INVITATION_STATUSES, Interview, Invitation, User, utcnow
from app.models.crypto import email_hash
from app.pagination import paginate, paginate_list

# Statuses whose link lapses at expires_at; once started, a session is not cut off.
EXPIRABLE = ("pending", "sent", "failed", "opened")
# Statuses a recruiter may resend, extend or revoke.
ACTIONABLE = (*EXPIRABLE, "expired")
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 120
MAX_EXTEND_DAYS = 90
DEFAULT_EXPIRY_DAYS = 7
_email_format = validate.Email()
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class IssuedLink:
    """A link token just issued for an invitation; known only until it is emailed."""

    invitation_id: int
    token: str

    @property
    def link(self) -> str:
        return invitation_link(self.token)


@dataclass
class RowOutcome:
    """What happened to one row: invited, duplicate or invalid (with the reason)."""

    row: int
    email: str
    name: str
    outcome: str
    reason: str | None = None
    invitation: Invitation | None = None

    @property
    def invitation_id(self) -> int | None:
        return self.invitation.id if self.invitation is not None else None


@dataclass
class InvitationBatch:
    """The per-row report of an invite request and the links it issued."""

    rows: list[RowOutcome] = field(default_factory=list)
    issued: list[IssuedLink] = field(default_factory=list)

    @property
    def invitations(self) -> list[Invitation]:
        return [row.invitation for row in self.rows if row.invitation is not None]

    @property
    def summary(self) -> dict:
        counts = {"invited": 0, "duplicate": 0, "invalid": 0}
        for row in self.rows:
            counts[row.outcome] += 1
        return {
            "total": len(self.rows),
            "invited": counts["invited"],
            "duplicates": counts["duplicate"],
            "invalid": counts["invalid"],
        }

    def link_for(self, invitation: Invitation) -> str:
        token = next(i.token for i in self.issued if i.invitation_id == invitation.id)
        return invitation_link(token)


def normalise_email(email: str) -> str:
    """Emails are compared and stored trimmed and lower-cased."""
    return (email or "").strip().lower()


def row_problem(email: str, name: str) -> str | None:
    """Why a candidate's email or name cannot be used, or None when both are fine."""
    if not email:
        return "The email is missing."
    if len(email) > EMAIL_MAX_LENGTH:
        return f"The email is longer than {EMAIL_MAX_LENGTH} characters."
    try:
        _email_format(email)
    except SchemaValidationError:
        return "This is not a valid email address."
    if len(name) > NAME_MAX_LENGTH:
        return f"The name is longer than {NAME_MAX_LENGTH} characters."
    if _CONTROL_CHARACTERS.search(name):
        return "The name contains control characters."
    return None


def ensure_accepting(interview: Interview) -> None:
    """Raise Conflict unless the interview is active: only those take invitations."""
    if interview.status != "active":
        raise Conflict(
            f"This interview is {interview.status}: only active interviews accept "
            "invitations. Activate it first.",
            details={"interview_status": [interview.status]},
        )


def expiry_days(interview: Interview) -> int:
    return interview.invite_expiry_days or DEFAULT_EXPIRY_DAYS


def refresh_status(invitation: Invitation, now: datetime | None = None) -> str:
    """Mark an invitation whose link has lapsed as expired (the caller commits)."""
    if invitation.status in EXPIRABLE and invitation.expires_at <= (now or utcnow()):
        invitation.status = "expired"
        invitation.next_attempt_at = None
    return invitation.status


def effective_status(now: datetime):
    """SQL for an invitation's status with lapsed links reported as expired."""
    lapsed = and_(Invitation.status.in_(EXPIRABLE), Invitation.expires_at <= now)
    return case((lapsed, literal("expired")), else_=Invitation.status)


def _new_invitation(interview, email, name, actor, now) -> tuple[Invitation, str]:
    token, token_hash = new_link_token()
    invitation = Invitation(
        interview_id=interview.id,
        created_by_id=actor.id if actor is not None else None,
        email=email,
        name=name,
        token_hash=token_hash,
        status="pending",
        expires_at=now + timedelta(days=expiry_days(interview)),
    )
    db.session.add(invitation)
    return invitation, token


def _invited_emails(interview: Interview, emails: set[str]) -> set[str]:
    if not emails:
        return set()
    # Addresses are encrypted: look them up by their keyed hash.
    by_hash = {email_hash(email): email for email in emails}
    query = select(Invitation.email_hash).where(
        Invitation.interview_id == interview.id,
        Invitation.email_hash.in_(sorted(by_hash)),
    )
    return {by_hash[found] for found in db.session.scalars(query)}


def _outcome(row, email, seen, existing) -> tuple[str, str | None]:
    problem = row.problem or row_problem(email, row.name)
    if problem:
        return "invalid", problem
    if email in existing:
        return "duplicate", "Already invited to this interview."
    if email in seen:
        return "duplicate", f"Repeats row {seen[email]} of this list."
    return "invited", None


def invite_candidates(
    interview: Interview,
    rows: list[CandidateRow],
    *,
    actor: User | None,
    origin: dict | None = None,
    now: datetime | None = None,
) -> InvitationBatch:
    """Invite every valid new row in one flush; report duplicates and invalid rows."""
    ensure_verified_sender(actor)
    ensure_accepting(interview)
    now = now or utcnow()
    existing = _invited_emails(interview, {normalise_email(r.email) for r in rows})
    batch, seen = InvitationBatch(), {}
    for row in rows:
        email = normalise_email(row.email)
        outcome, reason = _outcome(row, email, seen, existing)
        result = RowOutcome(row.row, email or row.email, row.name, outcome, reason)
        if outcome == "invited":
            seen[email] = row.row
            result.invitation, token = _new_invitation(
                interview, email, row.name, actor, now
            )
            batch.issued.append(IssuedLink(0, token))
        batch.rows.append(result)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Some of these candidates were invited by someone else at the same moment. "
            "Nothing was stored; please try again."
        ) from exc
    for issued, invitation in zip(batch.issued, batch.invitations, strict=True):
        issued.invitation_id = invitation.id
        record_event(
            "invitation.created",
            actor=actor,
            target=invitation,
            details={"interview_id": interview.id},
            **(origin or {}),
        )
    return batch


def invite_candidate(
    interview: Interview,
    *,
    email: str,
    name: str = "",
    actor: User | None,
    origin: dict | None = None,
    now: datetime | None = None,
) -> InvitationBatch:
    """Invite one candidate; bad email: ValidationError, repeated email: Conflict."""
    ensure_verified_sender(actor)
    ensure_accepting(interview)
    email, name = normalise_email(email), " ".join((name or "").split())
    problem = row_problem(email, name)
    if problem:
        field_name = "name" if problem.startswith("The name") else "email"
        raise ValidationError(problem, details={field_name: [problem]})
    if _invited_emails(interview, {email}):
        message = "This email is already invited to this interview."
        raise Conflict(message, details={"email": [message]})
    row = CandidateRow(1, email, name)
    return invite_candidates(interview, [row], actor=actor, origin=origin, now=now)


def list_invitations(
    interview: Interview,
    *,
    status: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 20,
    now: datetime | None = None,
) -> tuple[list[Invitation], dict]:
    """One page of an interview's invitations, newest first; lapsed ones are expired."""
    now = now or utcnow()
    query = select(Invitation).where(Invitation.interview_id == interview.id)
    if status:
        query = query.where(effective_status(now) == status)
    q = _CONTROL_CHARACTERS.sub("", q or "").lower()
    query = query.order_by(Invitation.created_at.desc(), Invitation.id.desc())
    if q:
        # Names and addresses are encrypted at rest, so the search runs over the
        # interview's decrypted invitations rather than in SQL.
        matching = [
            invitation
            for invitation in db.session.scalars(query)
            if q in invitation.email.lower() or q in (invitation.name or "").lower()
        ]
        items, meta = paginate_list(matching, page=page, per_page=per_page)
    else:
        items, meta = paginate(query, page=page, per_page=per_page)
    for invitation in items:
        refresh_status(invitation, now)
    return items, meta


def status_counts(interview: Interview, now: datetime | None = None) -> dict[str, int]:
    """How many invitations the interview has per (effective) status, and in total."""
    rows = (
        select(effective_status(now or utcnow()).label("status"))
        .where(Invitation.interview_id == interview.id)
        .subquery()
    )
    counted = db.session.execute(
        select(rows.c.status, func.count()).group_by(rows.c.status)
    ).all()
    counts = dict.fromkeys(INVITATION_STATUSES, 0)
    counts.update({status: count for status, count in counted})
    counts["total"] = sum(count for _status, count in counted)
    return counts
