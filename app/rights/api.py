"""JSON API: the flags candidates filed on a session's answers, and the requests for
a person (list, one, answer)."""

from flask_jwt_extended import get_current_user
from marshmallow import Schema, fields, validate

from app import tasks
from app.auth.decorators import recruiter_required
from app.extensions import db
from app.models import REVIEW_STATUSES
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_session
from app.rights import bp, faq, flags, review_requests
from app.rights.schemas import (
    CandidateSettingsSchema,
    FlagListSchema,
    ReviewAnswerSchema,
    ReviewRequestListSchema,
    ReviewRequestOutSchema,
)
from app.web import request_origin


class ReviewRequestQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(REVIEW_STATUSES))


@bp.get(f"{API}/sessions/<int:session_id>/flags")
@recruiter_required
@operation(
    "Flags the candidate filed on a session's answers",
    tags=["candidate rights"],
    responses={200: FlagListSchema},
    description="From the single-use links of the receipt email. An open flag "
    "(`acknowledged_at` null) must be acknowledged to reject the candidate "
    "(`acknowledge_flags` on the stage change).",
)
def api_session_flags(session_id):
    session = get_session(get_current_user(), session_id)
    return {"items": flags.session_flags(session.id)}


@bp.get(f"{API}/review-requests")
@recruiter_required
@operation(
    "Candidates' requests for a person",
    tags=["candidate rights"],
    query=ReviewRequestQuerySchema,
    responses={200: ReviewRequestListSchema},
    description="Human review or an alternative to the AI interview, on your "
    "interviews; `status=open` lists those waiting for an answer.",
)
def api_review_requests(query):
    items = review_requests.visible_requests(get_current_user(), query.get("status"))
    return {"items": items}


@bp.get(f"{API}/review-requests/<int:request_id>")
@recruiter_required
@operation(
    "One request for a person",
    tags=["candidate rights"],
    responses={200: ReviewRequestOutSchema},
)
def api_review_request(request_id):
    return review_requests.get_request(get_current_user(), request_id)


@bp.post(f"{API}/review-requests/<int:request_id>/answer")
@recruiter_required
@operation(
    "Answer a request for a person: approve or decline",
    tags=["candidate rights"],
    body=ReviewAnswerSchema,
    responses={200: ReviewRequestOutSchema},
    errors=(409,),
    description="Approve with a meeting time, link or note; decline with a reason. "
    "The candidate is emailed the answer; it is audited. 409 when answered already.",
)
def api_answer_review_request(request_id, body):
    answered = review_requests.answer_request(
        get_current_user(), request_id, **body, origin=request_origin()
    )
    db.session.commit()
    tasks.email_review_request(answered.id, "candidate")
    return answered


@bp.get(f"{API}/interviews/<int:interview_id>/candidate-settings")
@recruiter_required
@operation(
    "What the interview offers candidates: FAQ and feedback report",
    tags=["candidate rights"],
    responses={200: CandidateSettingsSchema},
)
def api_candidate_settings(interview_id):
    return faq.read_settings(get_current_user(), interview_id)[1]


@bp.put(f"{API}/interviews/<int:interview_id>/candidate-settings")
@recruiter_required
@operation(
    "Replace the interview's FAQ and feedback report setting",
    tags=["candidate rights"],
    body=CandidateSettingsSchema,
    responses={200: CandidateSettingsSchema},
    description="The FAQ is shown in the interview room and the interviewer answers "
    "candidates' questions about next steps, pay or the team from it. Audited.",
)
def api_save_candidate_settings(interview_id, body):
    saved = faq.save_settings(
        get_current_user(),
        interview_id,
        body["faq"],
        body["feedback_report"],
        origin=request_origin(),
    )
    db.session.commit()
    return saved
