"""Portal pages for domain experts: their interviews, question review, score review;
and the recruiter's page adding experts to an interview."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import member_required, recruiter_required
from app.errors import AppError
from app.experts import bp, service
from app.experts.schemas import ExpertInSchema, GoldAnswerInSchema, ScoreReviewInSchema
from app.extensions import db
from app.openapi import load_data
from app.ownership import can_write, get_interview
from app.web import form_data


@bp.get("/portal/expert")
@member_required
def home():
    user = get_current_user()
    return render_template(
        "experts/home.html",
        interviews=service.my_interviews(user),
        queue=service.review_queue(user),
    )


@bp.get("/portal/expert/interviews/<int:interview_id>")
@member_required
def interview(interview_id, errors=None, status=200):
    interview, questions, reviews = service.interview_for_review(
        get_current_user(), interview_id
    )
    return render_template(
        "experts/interview.html",
        interview=interview,
        questions=questions,
        reviews=reviews,
        errors=errors or {},
    ), status


@bp.post("/portal/expert/questions/<int:question_id>/gold-answer")
@member_required
def save_gold(question_id):
    user = get_current_user()
    try:
        body = load_data(GoldAnswerInSchema, form_data())
        review = service.save_gold_answer(user, question_id, **body)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        question = service.get_expert_question(user, question_id)
        details = {
            question_id: (error.details or {}).get("gold_answer", [error.message])
        }
        return interview(question.interview_id, errors=details, status=error.status)
    flash("Gold answer saved.", "success")
    return redirect(
        url_for("experts.interview", interview_id=review.question.interview_id)
        + f"#q-{question_id}"
    )


@bp.post("/portal/expert/questions/<int:question_id>/approve")
@member_required
def approve(question_id):
    review = service.approve_question(get_current_user(), question_id)
    db.session.commit()
    flash("Question approved.", "success")
    return redirect(
        url_for("experts.interview", interview_id=review.question.interview_id)
        + f"#q-{question_id}"
    )


@bp.get("/portal/expert/reviews")
@member_required
def reviews(errors=None, status=200):
    return render_template(
        "experts/reviews.html",
        queue=service.review_queue(get_current_user()),
        errors=errors or {},
    ), status


@bp.post("/portal/expert/evaluations/<int:evaluation_id>/review")
@member_required
def review_score(evaluation_id):
    user = get_current_user()
    try:
        body = load_data(ScoreReviewInSchema, form_data())
        service.review_score(user, evaluation_id, **body)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        if error.status == 404:
            raise
        message = (error.details or {}).get("overall", [error.message])
        return reviews(errors={evaluation_id: message}, status=error.status)
    flash("Score reviewed.", "success")
    return redirect(url_for("experts.reviews"))


@bp.route("/portal/interviews/<int:interview_id>/experts", methods=["GET", "POST"])
@recruiter_required
def manage(interview_id):
    """A recruiter adds workspace experts to an interview."""
    user = get_current_user()
    errors, values, status = {}, {}, 200
    if request.method == "POST":
        values = form_data()
        try:
            service.add_expert(user, interview_id, **load_data(ExpertInSchema, values))
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            if error.status == 404:
                raise
            errors = error.details or {"email": [error.message]}
            status = error.status
        else:
            flash("Expert added.", "success")
            return redirect(url_for("experts.manage", interview_id=interview_id))
    return render_template(
        "experts/manage.html",
        interview=get_interview(user, interview_id),
        experts=service.list_experts(user, interview_id),
        can_change=can_write(user),
        errors=errors,
        values=values,
    ), status


@bp.post("/portal/interviews/<int:interview_id>/experts/<int:user_id>/remove")
@recruiter_required
def remove(interview_id, user_id):
    """A recruiter takes an expert off an interview (the page asks to confirm)."""
    service.remove_expert(get_current_user(), interview_id, user_id)
    db.session.commit()
    flash("Expert removed from this interview.", "success")
    return redirect(url_for("experts.manage", interview_id=interview_id))
