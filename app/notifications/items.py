"""What one notification says, read from its subject when the email is written.

Only what the recipient may see in the portal of that workspace: the candidate's or
applicant's name, the interview or opening, and the link where it is handled. A
subject that is gone, or moved out of the notification's workspace, says nothing.
"""

from dataclasses import dataclass

from flask import current_app

from app.extensions import db
from app.models import Application, Interview, InterviewSession, Notification, Opening


@dataclass(frozen=True)
class Item:
    """One line of a notification email."""

    kind: str
    headline: str
    detail: str
    link: str
    action: str


def _link(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _completion(notification: Notification) -> Item | None:
    session = db.session.get(InterviewSession, notification.subject_id)
    interview = db.session.get(Interview, session.interview_id) if session else None
    if interview is None or interview.product.workspace_id != notification.workspace_id:
        return None
    name = (session.invitation.name if session.invitation else "") or "A candidate"
    return Item(
        kind="completion",
        headline=f"{name} completed the interview for {interview.role_title}",
        detail=f"{interview.product.name} · the report follows once answers are scored",
        link=_link(f"/portal/sessions/{session.id}"),
        action="Open the report",
    )


def _application(notification: Notification) -> Item | None:
    application = db.session.get(Application, notification.subject_id)
    opening = application.opening if application else None
    if opening is None or opening.product.workspace_id != notification.workspace_id:
        return None
    return Item(
        kind="application",
        headline=f"{application.name} applied for {opening.title}",
        detail=" · ".join(filter(None, (opening.product.name, opening.location))),
        link=_link(f"/portal/applications/{application.id}"),
        action="Review the application",
    )


def _threshold(notification: Notification) -> Item | None:
    opening = db.session.get(Opening, notification.subject_id)
    if opening is None or opening.product.workspace_id != notification.workspace_id:
        return None
    return Item(
        kind="threshold",
        headline=f"{opening.title} reached {notification.count} applications",
        detail=f"{opening.product.name} · time to screen the pipeline",
        link=_link(f"/portal/openings/{opening.id}"),
        action="Open the pipeline",
    )


READERS = {
    "completion": _completion,
    "application": _application,
    "threshold": _threshold,
}


def item_for(notification: Notification) -> Item | None:
    """The notification's line, or None when its subject is no longer there."""
    return READERS[notification.kind](notification)
