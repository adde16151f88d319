"""Scheduling the next round with a person: create, move, cancel, list.

The meeting's link comes from Zoom when it is configured (app/meetings/zoom.py), else
from a new Jitsi Meet room, or it is the URL the recruiter pastes. The candidate and
every interviewer get an email with the .ics invitation after the change commits
(a job: app/tasks.py); a move or a cancellation sends the update. A Zoom failure
answers 503 and saves nothing.
"""

import secrets
from datetime import datetime

from flask import current_app

from app.audit import record_event
from app.errors import ServiceUnavailable, ValidationError
from app.extensions import db
from app.mail import Attachment, send_email
from app.meetings import zoom
from app.meetings.calendar import meeting_calendar
from app.models import InterviewSession, Meeting, User, utcnow
from app.ownership import get_meeting, get_session, visible_meetings
from app.pagination import paginate

MEETINGS_DUE = "viva_meetings_due"


def default_provider() -> str:
    return "zoom" if zoom.configured(current_app.config) else "jitsi"


def _zoom() -> zoom.ZoomClient:
    if not zoom.configured(current_app.config):
        raise ValidationError(
            details={
                "provider": ["Zoom is not configured here: choose Jitsi or a link."]
            }
        )
    return zoom.ZoomClient(current_app.config)


def _jitsi_room() -> str:
    base = current_app.config["JITSI_BASE_URL"].rstrip("/")
    return f"{base}/Viva-{secrets.token_urlsafe(12)}"


def _title(session: InterviewSession) -> str:
    interview = session.invitation.interview
    who = session.invitation.name or session.invitation.email
    return f"{interview.role_title} at {interview.product.name}: next round with {who}"


def _future(starts_at: datetime) -> None:
    if starts_at <= utcnow():
        raise ValidationError(details={"starts_at": ["Choose a time in the future."]})


def schedule(user: User, session_id: int, data: dict) -> Meeting:
    """A new meeting about one of the user's candidates (the caller commits)."""
    session = get_session(user, session_id)
    _future(data["starts_at"])
    provider = data.get("provider") or default_provider()
    title = _title(session)
    external_id = None
    if provider == "url":
        if not data.get("url"):
            raise ValidationError(details={"url": ["Paste the meeting's link."]})
        join_url = data["url"]
    elif provider == "jitsi":
        join_url = _jitsi_room()
    else:
        try:
            created = _zoom().create(title, data["starts_at"], data["duration_minutes"])
        except zoom.ZoomError as error:
            raise ServiceUnavailable(str(error)) from error
        join_url, external_id = created.join_url, created.id
    meeting = Meeting(
        interview_id=session.interview_id,
        session_id=session.id,
        created_by_id=user.id,
        title=title,
        starts_at=data["starts_at"],
        duration_minutes=data["duration_minutes"],
        interviewers=sorted(set(data.get("interviewers") or [])),
        provider=provider,
        join_url=join_url,
        external_id=external_id,
        uid=f"{secrets.token_hex(16)}@viva",
    )
    db.session.add(meeting)
    db.session.flush()
    record_event(
        "meeting.scheduled",
        actor=user,
        target=meeting,
        details={"provider": provider, "starts_at": meeting.starts_at.isoformat()},
    )
    _due(meeting)
    return meeting


def reschedule(user: User, meeting_id: int, changes: dict) -> Meeting:
    """Move a meeting or change who attends; everyone gets the update."""
    meeting = get_meeting(user, meeting_id)
    if meeting.status == "cancelled":
        raise ValidationError(details={"_form": ["This meeting was cancelled."]})
    if not changes:  # nothing to move: no new revision, no emails
        return meeting
    if "starts_at" in changes:
        _future(changes["starts_at"])
    for name in ("starts_at", "duration_minutes"):
        if name in changes:
            setattr(meeting, name, changes[name])
    if "interviewers" in changes:
        meeting.interviewers = sorted(set(changes["interviewers"]))
    if meeting.provider == "zoom" and meeting.external_id:
        try:
            _zoom().update(
                meeting.external_id,
                meeting.title,
                meeting.starts_at,
                meeting.duration_minutes,
            )
        except zoom.ZoomError as error:
            raise ServiceUnavailable(str(error)) from error
    meeting.sequence += 1
    record_event(
        "meeting.rescheduled",
        actor=user,
        target=meeting,
        details={"starts_at": meeting.starts_at.isoformat()},
    )
    _due(meeting)
    return meeting


def cancel(user: User, meeting_id: int) -> Meeting:
    """Cancel a meeting (Zoom's too); everyone gets the cancellation. Idempotent."""
    meeting = get_meeting(user, meeting_id)
    if meeting.status == "cancelled":
        return meeting
    if meeting.provider == "zoom" and meeting.external_id:
        try:
            _zoom().delete(meeting.external_id)
        except zoom.ZoomError as error:
            raise ServiceUnavailable(str(error)) from error
    meeting.status = "cancelled"
    meeting.sequence += 1
    record_event("meeting.cancelled", actor=user, target=meeting)
    _due(meeting)
    return meeting


def list_meetings(user: User, *, include_past: bool, page: int, per_page: int):
    query = visible_meetings(user)
    if not include_past:
        query = query.where(
            Meeting.starts_at >= utcnow(), Meeting.status == "scheduled"
        )
    query = query.order_by(Meeting.starts_at, Meeting.id)
    return paginate(query, page=page, per_page=per_page)


def session_meetings(session: InterviewSession) -> list[Meeting]:
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(Meeting.session_id == session.id)
            .order_by(Meeting.starts_at)
        )
    )


# ---------------------------------------------------------------- emails
def _due(meeting: Meeting) -> None:
    """Email everyone this revision once the transaction commits (app/tasks.py
    enqueues one job per (meeting, revision, attendee) from this list)."""
    db.session.flush()
    db.session.info.setdefault(MEETINGS_DUE, []).extend(
        (meeting.id, meeting.sequence, email) for email, _name in attendees(meeting)
    )


def attendees(meeting: Meeting) -> list[tuple[str, str]]:
    """(email, name) of the candidate, then each interviewer."""
    invitation = meeting.session.invitation
    people = [(invitation.email, invitation.name or "")]
    people += [(email, "") for email in meeting.interviewers]
    return people


def invite_file(meeting: Meeting) -> bytes:
    organizer = current_app.config["MAIL_FROM"]
    return meeting_calendar(meeting, organizer=organizer, attendees=attendees(meeting))


def email_meeting(meeting_id: int, sequence: int, email: str) -> bool:
    """Send one attendee the meeting's state of revision `sequence`, with its .ics;
    False when a later change superseded it (that change sends its own)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.sequence != sequence:
        return False
    people = dict(attendees(meeting))
    if email not in people:
        return False
    cancelled = meeting.status == "cancelled"
    method = "CANCEL" if cancelled else "REQUEST"
    attachment = Attachment(
        filename="cancel.ics" if cancelled else "invite.ics",
        content=invite_file(meeting),
        mime_type=f"text/calendar; method={method}",
    )
    context = {
        "meeting": meeting,
        "cancelled": cancelled,
        "updated": meeting.sequence > 0,
        "company": meeting.interview.product.name,
        "role": meeting.interview.role_title,
        "app_name": current_app.config["APP_NAME"],
    }
    text = current_app.jinja_env.get_template("mail/meeting.txt").render(context)
    if cancelled:
        subject = f"Cancelled: {meeting.title}"
    elif meeting.sequence:
        subject = f"Moved: {meeting.title}"
    else:
        subject = f"Invitation: {meeting.title}"
    send_email(
        email, subject, text, to_name=people[email] or None, attachments=(attachment,)
    )
    return True
