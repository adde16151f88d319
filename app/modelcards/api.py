"""JSON API of the model card: the exportable JSON of one rubric version."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.modelcards import bp, service
from app.modelcards.schemas import ModelCardQuerySchema, ModelCardSchema
from app.openapi import API_PREFIX as API
from app.openapi import operation


@bp.get(f"{API}/interviews/<int:interview_id>/model-card")
@recruiter_required
@operation(
    "The model card of an interview's rubric version",
    tags=["interviews"],
    query=ModelCardQuerySchema,
    responses={200: ModelCardSchema},
    description="Provider and model that scored answers under this rubric version, "
    "the evaluator's instructions hash, the rubric, AI-human agreement (from "
    "recruiters' score overrides) and the spread of scores so far.",
)
def api_model_card(interview_id, query):
    return service.model_card(
        get_current_user(), interview_id, query["version"], service.current_weights()
    )
