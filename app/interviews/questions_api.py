"""JSON API for an interview's questions: list, add, edit, delete, reorder, approve,
draft.

An active interview keeps at least one approved question: a deletion or un-approval
that would leave none answers 409 INTERACTION_ERROR. Drafting answers 503 CONFIG_ERROR
when the configured AI provider is not available.
"""

from flask_jwt_extended import get_current_user

from app import ratelimits
from app.auth.decorators import recruiter_required
from app.extensions import db
from app.interviews import bp
from app.interviews import question_service as service
from app.interviews.response_schemas import QuestionSchema
from app.interviews.schemas import (
    GenerateSchema,
    QuestionCreateSchema,
    QuestionQuerySchema,
    QuestionUpdateSchema,
    ReorderSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_question
from app.schemas import list_schema
from app.web import request_origin

TAGS = ["questions"]
QuestionList = list_schema(QuestionSchema)


def _whole_list(questions: list) -> dict:
    return {
        "items": questions,
        "meta": {
            "page": 1,
            "per_page": max(len(questions), 1),
            "total": len(questions),
        },
    }


@bp.get(f"{API}/interviews/<int:interview_id>/questions")
@recruiter_required
@operation(
    "An interview's questions, in order",
    tags=TAGS,
    query=QuestionQuerySchema,
    responses={200: QuestionList},
)
def api_list_questions(interview_id, query):
    items, meta = service.list_questions(get_current_user(), interview_id, **query)
    return {"items": items, "meta": meta}


@bp.post(f"{API}/interviews/<int:interview_id>/questions")
@recruiter_required
@operation(
    "Add a question (approved) at the end",
    tags=TAGS,
    body=QuestionCreateSchema,
    responses={201: QuestionSchema},
    errors=(409,),
    description="Manual questions are approved on creation. At most 50 per interview.",
)
def api_add_question(interview_id, body):
    question = service.add_question(get_current_user(), interview_id, **body)
    db.session.commit()
    return question, 201


@bp.post(f"{API}/interviews/<int:interview_id>/questions/generate")
@recruiter_required
@operation(
    "Draft questions with the AI provider",
    tags=TAGS,
    body=GenerateSchema,
    responses={201: QuestionList},
    errors=(409, 429, 503),
    description="Sends the role, job description, skills, seniority and the "
    "product's description to the AI provider and appends `count` unapproved drafts "
    "(source `ai`, or `bank` from the offline question bank). 503 CONFIG_ERROR when "
    "the configured provider is unavailable; 503 SERVICE_UNAVAILABLE when it fails. "
    "Rate limited per user (RATELIMIT_AI_DRAFTING).",
)
def api_generate_questions(interview_id, body):
    user = get_current_user()
    ratelimits.hit("RATELIMIT_AI_DRAFTING", "user", user.id)
    drafts = service.generate_questions(user, interview_id, body["count"])
    db.session.commit()
    return _whole_list(drafts), 201


@bp.post(f"{API}/interviews/<int:interview_id>/questions/reorder")
@recruiter_required
@operation(
    "Reorder an interview's questions",
    tags=TAGS,
    body=ReorderSchema,
    responses={200: QuestionList},
    errors=(409,),
    description="Send every question id of the interview once, in the new order. "
    "A list that is not exactly the interview's ids answers 409 CONFLICT with "
    "`missing` and `unknown` ids in details (the page was probably stale).",
)
def api_reorder_questions(interview_id, body):
    questions = service.reorder_questions(get_current_user(), interview_id, **body)
    db.session.commit()
    return _whole_list(questions)


@bp.post(f"{API}/interviews/<int:interview_id>/questions/approve")
@recruiter_required
@operation(
    "Approve every draft of an interview",
    tags=TAGS,
    responses={200: QuestionList},
    description="Returns all the interview's questions in order.",
)
def api_approve_drafts(interview_id):
    questions = service.approve_drafts(get_current_user(), interview_id)
    db.session.commit()
    return _whole_list(questions)


@bp.get(f"{API}/questions/<int:question_id>")
@recruiter_required
@operation("A question", tags=TAGS, responses={200: QuestionSchema})
def api_get_question(question_id):
    return get_question(get_current_user(), question_id)


@bp.patch(f"{API}/questions/<int:question_id>")
@recruiter_required
@operation(
    "Edit a question",
    tags=TAGS,
    body=QuestionUpdateSchema,
    responses={200: QuestionSchema},
    errors=(409,),
    description="Partial: send only what changes. Setting `approved` to false on the "
    "last approved question of an active interview answers 409 INTERACTION_ERROR.",
)
def api_update_question(question_id, body):
    question = service.update_question(get_current_user(), question_id, **body)
    db.session.commit()
    return question


@bp.delete(f"{API}/questions/<int:question_id>")
@recruiter_required
@operation(
    "Delete a question",
    tags=TAGS,
    responses={204: None},
    errors=(409,),
    description="The last approved question of an active interview cannot be deleted "
    "(409 INTERACTION_ERROR).",
)
def api_delete_question(question_id):
    service.delete_question(get_current_user(), question_id, origin=request_origin())
    db.session.commit()
    return None, 204


@bp.post(f"{API}/questions/<int:question_id>/approve")
@recruiter_required
@operation("Approve a question", tags=TAGS, responses={200: QuestionSchema})
def api_approve_question(question_id):
    question = service.approve_question(get_current_user(), question_id)
    db.session.commit()
    return question
