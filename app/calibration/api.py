"""JSON API of calibration: create the samples, send your scores, read the result."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import member_required, recruiter_required
from app.calibration import bp, service
from app.calibration.schemas import (
    CalibrationSchema,
    CalibrationScoresSchema,
    CalibrationSettingsSchema,
)
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.web import request_origin

TAGS = ["interviews"]
PATH = f"{API}/interviews/<int:interview_id>/calibration"


def _payload(interview_id: int) -> dict:
    return service.calibration_data(get_current_user(), interview_id)


@bp.post(PATH)
@recruiter_required
@operation(
    "Calibrate a draft interview: write and AI-score sample answers",
    tags=TAGS,
    responses={201: CalibrationSchema},
    errors=(409,),
    description="3-5 sample answers (strong, middling, weak) to the approved "
    "questions, scored by the configured evaluator; replaces an earlier calibration. "
    "Only drafts with an approved question and a rubric, else 409.",
)
def api_create_calibration(interview_id):
    service.create_calibration(
        get_current_user(), interview_id, origin=request_origin()
    )
    db.session.commit()
    return _payload(interview_id), 201


@bp.put(PATH)
@recruiter_required
@operation(
    "Score the calibration's sample answers",
    tags=TAGS,
    body=CalibrationScoresSchema,
    responses={200: CalibrationSchema},
    description="Your 0-10 score of every sample on every rubric competency; "
    "answers the agreement figures (mean absolute difference, exact-match share).",
)
def api_score_calibration(interview_id, body):
    scores = {item["sample"]: item["scores"] for item in body["samples"]}
    service.score_calibration(
        get_current_user(), interview_id, scores, origin=request_origin()
    )
    db.session.commit()
    return _payload(interview_id)


@bp.get(PATH)
@recruiter_required
@operation(
    "An interview's calibration and its AI-human agreement",
    tags=TAGS,
    responses={200: CalibrationSchema},
    description="state `none` when the interview was never calibrated (it "
    "activates as usual).",
)
def api_get_calibration(interview_id):
    return _payload(interview_id)


SETTINGS = f"{API}/workspaces/<int:workspace_id>/calibration-settings"


@bp.get(SETTINGS)
@member_required
@operation(
    "A workspace's calibration threshold",
    tags=["workspaces"],
    responses={200: CalibrationSettingsSchema},
)
def api_calibration_settings(workspace_id):
    return service.calibration_settings(get_current_user(), workspace_id)


@bp.put(SETTINGS)
@member_required
@operation(
    "Set a workspace's calibration threshold (owners and admins)",
    tags=["workspaces"],
    body=CalibrationSettingsSchema,
    responses={200: CalibrationSettingsSchema},
    description="Drafts whose calibration differs more than this from the "
    "recruiter's scores need an audited override reason to activate.",
)
def api_set_calibration_settings(workspace_id, body):
    settings = service.set_calibration_threshold(
        get_current_user(),
        workspace_id,
        body["max_mean_absolute_difference"],
        origin=request_origin(),
    )
    db.session.commit()
    return settings
