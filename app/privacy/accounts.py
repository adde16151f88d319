"""Candidate accounts (role candidate, who practise) as records about a person.

A candidate asks for their own export or erasure from their profile (or the API, or
/privacy): the request is the same as everyone's, confirmed by the link emailed to
the account's address. Export: the profile and saved job descriptions (practice
transcripts come with the invitations the practice engine made for the account).
Erasure: the account is deleted; the database cascades to its practice profile, job
descriptions, practice sessions and their interviews and answers. Recruiters never
see candidate accounts: their requests never find one.
"""

from sqlalchemy import delete, select

from app.audit import record_event
from app.errors import Forbidden
from app.extensions import db
from app.models import JobDescription, PrivacyRequest, User
from app.practice.profile import consents_of, profile_view
from app.privacy import requests
from app.privacy.registry import SubjectRecords, register_subject_records


def find_accounts(subject, actor=None) -> list[User]:
    """The person's candidate account, for their own request only."""
    if actor is not None or not subject.email:
        return []
    return list(
        db.session.scalars(
            select(User).where(
                User.role == "candidate", User.email == subject.email.strip().lower()
            )
        )
    )


def export_account(user: User) -> dict:
    """The account's profile and saved job descriptions."""
    profile = profile_view(user)
    profile["member_since"] = user.created_at.isoformat()
    descriptions = db.session.scalars(
        select(JobDescription)
        .where(JobDescription.user_id == user.id)
        .order_by(JobDescription.id)
    )
    return {
        "profile": profile,
        "job_descriptions": [
            {"title": d.title, "company": d.company, "text": d.text}
            for d in descriptions
        ],
        "consents": [
            {
                "kind": c.kind,
                "text_version": c.text_version,
                "source": c.source,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in consents_of(user)
        ],
    }


def erase_account(user: User) -> None:
    """Delete the account; the database removes everything that hangs off it."""
    user_id = user.id
    db.session.flush()
    db.session.expunge(user)
    db.session.execute(delete(User).where(User.id == user_id))


ACCOUNTS = register_subject_records(
    SubjectRecords(
        name="account", find=find_accounts, export=export_account, erase=erase_account
    )
)


def ask_for_own_data(
    user: User, kind: str, origin: dict | None = None
) -> tuple[PrivacyRequest, str]:
    """A candidate account's own export or erasure, awaiting the emailed
    confirmation like every self-service request; audited."""
    if user.role != "candidate":
        raise Forbidden("Only candidate accounts ask for their own data here.")
    request, token = requests.ask(user.email, kind)
    record_event(
        f"privacy.{kind}_requested",
        actor=user,
        target=request,
        details={"by": "account"},
        **(origin or {}),
    )
    return request, token
