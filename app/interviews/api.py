"""JSON API for interviews: list, create, read, edit, delete, activate, close, copy.

State rules (activate without an approved question, close a draft, delete an active or
closed interview) answer 409 INTERACTION_ERROR.
"""

from flask_jwt_extended import get_current_user

from app import ratelimits
from app.auth.decorators import recruiter_required
from app.calibration.schemas import InterviewActivateSchema
from app.extensions import db
from app.interviews import bp, rubrics, service
from app.interviews.response_schemas import InterviewSchema, InterviewSummarySchema
from app.interviews.schemas import (
    InterviewCreateSchema,
    InterviewDuplicateSchema,
    InterviewQuerySchema,
    InterviewUpdateSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_interview
from app.schemas import list_schema
from app.web import request_origin

TAGS = ["interviews"]


@bp.get(f"{API}/products/<int:product_id>/interviews")
@recruiter_required
@operation(
    "List a product's interviews",
    tags=TAGS,
    query=InterviewQuerySchema,
    responses={200: list_schema(InterviewSummarySchema)},
    description="Newest first; filter by `status`.",
)
def api_list_interviews(product_id, query):
    items, meta = service.list_interviews(get_current_user(), product_id, **query)
    return {"items": items, "meta": meta}


@bp.post(f"{API}/products/<int:product_id>/interviews")
@recruiter_required
@operation(
    "Create an interview (as a draft)",
    tags=TAGS,
    body=InterviewCreateSchema,
    responses={201: InterviewSchema},
    errors=(409,),
    description="Unset fields take the defaults (seniority mid, 30 minutes, follow-up "
    "depth 1, thresholds 7.5/5.0, invitations valid 7 days); without a rubric, one is "
    "drafted from the role (title, seniority, skills, job description) with the "
    "offline competency vocabulary. "
    "409 INTERACTION_ERROR when the product is archived.",
)
def api_create_interview(product_id, body):
    interview = service.create_interview(get_current_user(), product_id, **body)
    db.session.commit()
    return interview, 201


@bp.post(f"{API}/interviews/<int:interview_id>/rubric/draft")
@recruiter_required
@operation(
    "Draft the rubric from the role with the AI provider",
    tags=TAGS,
    responses={200: InterviewSchema},
    errors=(429, 503),
    description="Sends the role title, seniority, skills and job description to the "
    "AI provider (the offline competency vocabulary without a key) and replaces the "
    "rubric with 3-6 role competencies, each with behavioural anchors for the bands "
    "0-3, 4-6 and 7-10 of the 0-10 scale. A changed rubric is a new rubric version; "
    "earlier sessions keep theirs. 503 SERVICE_UNAVAILABLE when the provider fails or "
    "answers with no usable rubric. Rate limited per user (RATELIMIT_AI_DRAFTING).",
)
def api_draft_rubric(interview_id):
    user = get_current_user()
    ratelimits.hit("RATELIMIT_AI_DRAFTING", "user", user.id)
    interview = rubrics.redraft_rubric(user, interview_id)
    db.session.commit()
    return interview


@bp.get(f"{API}/interviews/<int:interview_id>")
@recruiter_required
@operation(
    "An interview with its questions (in order) and counts",
    tags=TAGS,
    responses={200: InterviewSchema},
    description="Includes each question's key points and model answer: they are for "
    "recruiters only and never reach candidates.",
)
def api_get_interview(interview_id):
    return get_interview(get_current_user(), interview_id)


@bp.patch(f"{API}/interviews/<int:interview_id>")
@recruiter_required
@operation(
    "Edit an interview's settings",
    tags=TAGS,
    body=InterviewUpdateSchema,
    responses={200: InterviewSchema},
    description="Partial: send only what changes. The rubric is replaced whole; a "
    "changed rubric bumps `rubric_version`. The status changes through activate/close.",
)
def api_update_interview(interview_id, body):
    interview = service.update_interview(get_current_user(), interview_id, **body)
    db.session.commit()
    return interview


@bp.delete(f"{API}/interviews/<int:interview_id>")
@recruiter_required
@operation(
    "Delete a draft interview",
    tags=TAGS,
    responses={204: None},
    errors=(409,),
    description="Only drafts without invitations can be deleted; active and closed "
    "interviews answer 409 INTERACTION_ERROR (close them instead: nothing is lost).",
)
def api_delete_interview(interview_id):
    service.delete_interview(get_current_user(), interview_id, origin=request_origin())
    db.session.commit()
    return None, 204


@bp.post(f"{API}/interviews/<int:interview_id>/activate")
@recruiter_required
@operation(
    "Activate an interview (or reopen a closed one)",
    tags=TAGS,
    body=InterviewActivateSchema,
    responses={200: InterviewSchema},
    errors=(409,),
    description="Needs at least one approved question, else 409 INTERACTION_ERROR. "
    "A draft whose calibration agreement is below the workspace's threshold needs "
    "`override_reason` (audited), else 409 INTERACTION_ERROR. "
    "Activating an active interview changes nothing.",
)
def api_activate_interview(interview_id, body):
    interview = service.activate_interview(
        get_current_user(),
        interview_id,
        origin=request_origin(),
        override_reason=body.get("override_reason"),
    )
    db.session.commit()
    return interview


@bp.post(f"{API}/interviews/<int:interview_id>/close")
@recruiter_required
@operation(
    "Close an interview to new candidates",
    tags=TAGS,
    responses={200: InterviewSchema},
    errors=(409,),
    description="Every invitation, session and result is kept; it can be reopened with "
    "activate. Closing a draft answers 409 INTERACTION_ERROR.",
)
def api_close_interview(interview_id):
    interview = service.close_interview(
        get_current_user(), interview_id, origin=request_origin()
    )
    db.session.commit()
    return interview


@bp.post(f"{API}/interviews/<int:interview_id>/duplicate")
@recruiter_required
@operation(
    "Duplicate an interview as a new draft",
    tags=TAGS,
    body=InterviewDuplicateSchema,
    responses={201: InterviewSchema},
    errors=(409,),
    description="Copies settings, rubric and questions (approval kept). The title is "
    "'<title> (copy)' unless `role_title` is given; `product_id` puts the copy under "
    "another of your products.",
)
def api_duplicate_interview(interview_id, body):
    interview = service.duplicate_interview(
        get_current_user(), interview_id, origin=request_origin(), **body
    )
    db.session.commit()
    return interview, 201
