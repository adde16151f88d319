"""JSON API for next-round meetings: schedule from a session, list, move, cancel,
and the .ics invitation."""

from flask import Response
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.extensions import db
from app.meetings import bp, service
from app.meetings.schemas import (
    MeetingCreateSchema,
    MeetingQuerySchema,
    MeetingSchema,
    MeetingUpdateSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_meeting
from app.schemas import list_schema

TAGS = ["meetings"]
EMAILS = (
    "The candidate and every interviewer get an email with the .ics invitation; "
    "a move or a cancellation sends the update (same event, higher sequence)."
)


@bp.post(f"{API}/sessions/<int:session_id>/meetings")
@recruiter_required
@operation(
    "Schedule the next round with a person",
    tags=TAGS,
    body=MeetingCreateSchema,
    responses={201: MeetingSchema},
    errors=(503,),
    description="A video meeting with one of your candidates: a Zoom meeting when "
    "Zoom is configured, a new Jitsi Meet room, or a link you paste. "
    + EMAILS
    + " 503 when Zoom fails (nothing is saved).",
)
def api_schedule_meeting(session_id, body):
    meeting = service.schedule(get_current_user(), session_id, body)
    db.session.commit()
    return meeting, 201


@bp.get(f"{API}/meetings")
@recruiter_required
@operation(
    "Your meetings",
    tags=TAGS,
    query=MeetingQuerySchema,
    responses={200: list_schema(MeetingSchema)},
    description="Upcoming scheduled meetings first; `include_past=true` lists all.",
)
def api_list_meetings(query):
    items, meta = service.list_meetings(get_current_user(), **query)
    return {"items": items, "meta": meta}


@bp.get(f"{API}/meetings/<int:meeting_id>")
@recruiter_required
@operation("One meeting", tags=TAGS, responses={200: MeetingSchema})
def api_get_meeting(meeting_id):
    return get_meeting(get_current_user(), meeting_id)


@bp.patch(f"{API}/meetings/<int:meeting_id>")
@recruiter_required
@operation(
    "Move a meeting or change its interviewers",
    tags=TAGS,
    body=MeetingUpdateSchema,
    responses={200: MeetingSchema},
    errors=(503,),
    description=EMAILS + " An empty body changes nothing.",
)
def api_reschedule_meeting(meeting_id, body):
    meeting = service.reschedule(get_current_user(), meeting_id, body)
    db.session.commit()
    return meeting


@bp.delete(f"{API}/meetings/<int:meeting_id>")
@recruiter_required
@operation(
    "Cancel a meeting",
    tags=TAGS,
    responses={200: MeetingSchema},
    errors=(503,),
    description="Cancels the Zoom meeting too; everyone gets the cancellation. "
    "Cancelling again changes nothing.",
)
def api_cancel_meeting(meeting_id):
    meeting = service.cancel(get_current_user(), meeting_id)
    db.session.commit()
    return meeting


@bp.get(f"{API}/meetings/<int:meeting_id>/invite.ics")
@recruiter_required
@operation(
    "The meeting's iCalendar invitation",
    tags=TAGS,
    responses={200: "text/calendar"},
)
def api_meeting_ics(meeting_id):
    meeting = get_meeting(get_current_user(), meeting_id)
    return Response(
        service.invite_file(meeting),
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'
        },
    )
