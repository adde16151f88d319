"""JSON API for candidate sessions: list per interview, and one session's transcript."""

from flask_jwt_extended import get_current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from app.auth.decorators import role_required
from app.interviews import bp
from app.models import SESSION_STATUSES, InterviewSession, Invitation
from app.openapi import operation
from app.ownership import get_interview, get_session
from app.pagination import paginate
from app.schemas import PageQuerySchema, list_schema

API = "/api/v1"
RECRUITERS = ("recruiter", "admin")


class CandidateSchema(Schema):
    name = fields.String(required=True)
    email = fields.String(required=True)
    invitation_id = fields.Integer(required=True)


class SessionSummarySchema(Schema):
    id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    candidate = fields.Function(
        lambda s: {
            "name": s.invitation.name,
            "email": s.invitation.email,
            "invitation_id": s.invitation_id,
        },
        required=True,
        metadata={"type": "object"},
    )
    status = fields.String(required=True, metadata={"enum": list(SESSION_STATUSES)})
    phase = fields.String(required=True)
    stage = fields.String(required=True)
    scoring_status = fields.String(required=True)
    overall_score = fields.Float(allow_none=True, required=True)
    recommendation = fields.String(allow_none=True, required=True)
    fallback_count = fields.Integer(required=True)
    started_at = fields.DateTime(required=True)
    ended_at = fields.DateTime(allow_none=True, required=True)
    last_activity_at = fields.DateTime(allow_none=True, required=True)


class TranscriptMessageSchema(Schema):
    seq = fields.Integer(required=True)
    role = fields.String(required=True, metadata={"enum": ["interviewer", "candidate"]})
    content = fields.String(required=True)
    question_id = fields.Integer(allow_none=True, required=True)
    is_follow_up = fields.Boolean(required=True)
    provider = fields.String(allow_none=True, required=True)
    model = fields.String(allow_none=True, required=True)
    prompt_tokens = fields.Integer(allow_none=True, required=True)
    output_tokens = fields.Integer(allow_none=True, required=True)
    latency_ms = fields.Integer(allow_none=True, required=True)
    fallback = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class SessionDetailSchema(SessionSummarySchema):
    summary = fields.String(required=True)
    messages = fields.List(fields.Nested(TranscriptMessageSchema), required=True)


class SessionQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(SESSION_STATUSES))


@bp.get(f"{API}/interviews/<int:interview_id>/sessions")
@role_required(*RECRUITERS)
@operation(
    "Candidate sessions of an interview",
    tags=["sessions"],
    query=SessionQuerySchema,
    responses={200: list_schema(SessionSummarySchema)},
)
def api_list_sessions(interview_id, query):
    interview = get_interview(get_current_user(), interview_id)
    statement = (
        select(InterviewSession)
        .join(Invitation, InterviewSession.invitation_id == Invitation.id)
        .where(InterviewSession.interview_id == interview.id)
        .order_by(InterviewSession.started_at.desc(), InterviewSession.id.desc())
    )
    if query.get("status"):
        statement = statement.where(InterviewSession.status == query["status"])
    items, meta = paginate(statement, page=query["page"], per_page=query["per_page"])
    return {"items": items, "meta": meta}


@bp.get(f"{API}/sessions/<int:session_id>")
@role_required(*RECRUITERS)
@operation(
    "A candidate session with its ordered transcript",
    tags=["sessions"],
    responses={200: SessionDetailSchema},
)
def api_get_session(session_id):
    return get_session(get_current_user(), session_id)
