"""Names for what audit events touched: "Invitation for Casey Candidate, Backend
Engineer" instead of "Invitation 42". Services: read only, no request."""

from collections import defaultdict

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Interview,
    InterviewSession,
    Invitation,
    Product,
    Question,
    User,
)


def _user(user: User) -> str:
    return f"{user.full_name or user.username} ({user.email})"


def _invitation(invitation: Invitation) -> str:
    who = invitation.name or invitation.email
    return f"Invitation for {who}, {invitation.interview.role_title}"


def _session(session: InterviewSession) -> str:
    invitation = session.invitation
    who = (invitation.name or invitation.email) if invitation else "a candidate"
    role = invitation.interview.role_title if invitation else "an interview"
    return f"Interview of {who}, {role}"


def _question(question: Question) -> str:
    return f"Question {question.position + 1} of {question.interview.role_title}"


NAMERS = {
    "User": (User, _user),
    "Invitation": (Invitation, _invitation),
    "Interview": (Interview, lambda interview: f"Interview {interview.role_title}"),
    "Product": (Product, lambda product: f"Product {product.name}"),
    "InterviewSession": (InterviewSession, _session),
    "Question": (Question, _question),
}


def describe_targets(events) -> dict[tuple[str, int], str]:
    """A readable name per (target_type, target_id) of these events, one query per
    type; records since deleted are left out (the page shows type and id)."""
    wanted = defaultdict(set)
    for event in events:
        if event.target_type in NAMERS and event.target_id is not None:
            wanted[event.target_type].add(event.target_id)
    names = {}
    for target_type, ids in wanted.items():
        model, namer = NAMERS[target_type]
        for record in db.session.scalars(select(model).where(model.id.in_(ids))):
            names[(target_type, record.id)] = namer(record)
    return names
