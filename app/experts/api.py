"""JSON API for domain experts, and for recruiters adding experts to interviews."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import member_required, recruiter_required
from app.experts import bp, service
from app.experts.schemas import (
    ExpertInSchema,
    ExpertInterviewDetailSchema,
    ExpertInterviewSchema,
    ExpertSchema,
    GoldAnswerInSchema,
    QueueItemSchema,
    ReviewSchema,
    ScoreReviewInSchema,
)
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.schemas import list_schema

TAGS = ["experts"]


def _page(items: list) -> dict:
    meta = {"page": 1, "per_page": len(items), "total": len(items)}
    return {"items": items, "meta": meta}


@bp.get(f"{API}/interviews/<int:interview_id>/experts")
@recruiter_required
@operation(
    "The domain experts added to an interview",
    tags=TAGS,
    responses={200: list_schema(ExpertSchema)},
)
def api_list_experts(interview_id):
    return _page(service.list_experts(get_current_user(), interview_id))


@bp.post(f"{API}/interviews/<int:interview_id>/experts")
@recruiter_required
@operation(
    "Add a workspace member with the expert role to an interview",
    tags=TAGS,
    body=ExpertInSchema,
    responses={201: ExpertSchema},
    errors=(409,),
)
def api_add_expert(interview_id, body):
    row = service.add_expert(get_current_user(), interview_id, **body)
    db.session.commit()
    return row, 201


@bp.delete(f"{API}/interviews/<int:interview_id>/experts/<int:user_id>")
@recruiter_required
@operation("Take an expert off an interview", tags=TAGS, responses={204: None})
def api_remove_expert(interview_id, user_id):
    service.remove_expert(get_current_user(), interview_id, user_id)
    db.session.commit()
    return "", 204


@bp.get(f"{API}/expert/interviews")
@member_required
@operation(
    "The interviews you were added to as an expert",
    tags=TAGS,
    responses={200: list_schema(ExpertInterviewSchema)},
)
def api_expert_interviews():
    return _page(service.my_interviews(get_current_user()))


def _detail(interview, questions, reviews) -> dict:
    items = [
        {
            "id": q.id,
            "position": q.position,
            "kind": q.kind,
            "text": q.text,
            "key_points": list(q.key_points),
            "approved": q.approved,
            "review": reviews.get(q.id),
        }
        for q in questions
    ]
    return {
        "id": interview.id,
        "role_title": interview.role_title,
        "product": interview.product.name,
        "status": interview.status,
        "questions": items,
    }


@bp.get(f"{API}/expert/interviews/<int:interview_id>")
@member_required
@operation(
    "An interview's questions with their gold answers and approval",
    tags=TAGS,
    responses={200: ExpertInterviewDetailSchema},
)
def api_expert_interview(interview_id):
    return _detail(*service.interview_for_review(get_current_user(), interview_id))


@bp.put(f"{API}/expert/questions/<int:question_id>/gold-answer")
@member_required
@operation(
    "Write or edit a question's gold-standard answer",
    tags=TAGS,
    body=GoldAnswerInSchema,
    responses={200: ReviewSchema},
)
def api_save_gold_answer(question_id, body):
    review = service.save_gold_answer(get_current_user(), question_id, **body)
    db.session.commit()
    return review


@bp.post(f"{API}/expert/questions/<int:question_id>/approve")
@member_required
@operation(
    "Approve a question (who and when are recorded)",
    tags=TAGS,
    responses={200: ReviewSchema},
)
def api_approve_question(question_id):
    review = service.approve_question(get_current_user(), question_id)
    db.session.commit()
    return review


@bp.get(f"{API}/expert/reviews")
@member_required
@operation(
    "Answers scored with low confidence on your interviews, waiting for review",
    tags=TAGS,
    responses={200: list_schema(QueueItemSchema)},
)
def api_review_queue():
    return _page(service.review_queue(get_current_user()))


@bp.post(f"{API}/expert/evaluations/<int:evaluation_id>/review")
@member_required
@operation(
    "Confirm or correct a low-confidence score (0-10); it leaves the queue",
    tags=TAGS,
    body=ScoreReviewInSchema,
    responses={200: QueueItemSchema},
)
def api_review_score(evaluation_id, body):
    evaluation = service.review_score(get_current_user(), evaluation_id, **body)
    db.session.commit()
    return service.queue_item(evaluation)
