"""Portal page of calibration: create the samples, score them, see the agreement."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.ai.scale import SCALE_MAX
from app.auth.decorators import recruiter_required
from app.calibration import bp, service
from app.errors import AppError
from app.extensions import db
from app.web import request_origin


def _page(interview_id: int, errors=None, values=None, status=200):
    view = service.calibration_view(get_current_user(), interview_id)
    return (
        render_template(
            "calibration/page.html",
            **view,
            errors=errors or {},
            values=values or {},
        ),
        status,
    )


@bp.get("/portal/interviews/<int:interview_id>/calibration")
@recruiter_required
def calibration(interview_id):
    """The calibration page of one interview."""
    return _page(interview_id)


@bp.post("/portal/interviews/<int:interview_id>/calibration/samples")
@recruiter_required
def create_samples(interview_id):
    """Write and AI-score new sample answers (replacing the earlier ones)."""
    try:
        service.create_calibration(
            get_current_user(), interview_id, origin=request_origin()
        )
        db.session.commit()
        flash("Sample answers are ready: score each one below.", "success")
    except AppError as error:
        db.session.rollback()
        if error.status_code == 404:
            raise
        flash(error.message, "error")
    return redirect(url_for("calibration.calibration", interview_id=interview_id))


def _form_scores(calibration) -> tuple[dict, dict, dict]:
    """(scores, field errors, raw values) from the posted score fields."""
    scores, errors, values = {}, {}, {}
    keys = list(calibration.samples[0]["ai"]) if calibration.samples else []
    for sample in calibration.samples:
        scores[sample["id"]] = {}
        for key in keys:
            name = f"score-{sample['id']}-{key}"
            raw = (request.form.get(name) or "").strip()
            values[name] = raw
            if not raw.isdigit() or int(raw) > SCALE_MAX:
                errors[name] = [f"Enter a whole number from 0 to {SCALE_MAX}."]
            else:
                scores[sample["id"]][key] = int(raw)
    return scores, errors, values


@bp.post("/portal/interviews/<int:interview_id>/calibration/scores")
@recruiter_required
def score_samples(interview_id):
    """Store the recruiter's scores and show the agreement."""
    user = get_current_user()
    view = service.calibration_view(user, interview_id)
    if view["calibration"] is None:
        flash("Create the sample answers first.", "error")
        return redirect(url_for("calibration.calibration", interview_id=interview_id))
    scores, errors, values = _form_scores(view["calibration"])
    if errors:
        flash("Some scores are missing or out of range.", "error")
        return _page(interview_id, errors, values, 422)
    service.score_calibration(user, interview_id, scores, origin=request_origin())
    db.session.commit()
    flash("Scores saved: the agreement is below.", "success")
    return redirect(url_for("calibration.calibration", interview_id=interview_id))
