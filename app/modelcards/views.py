"""Portal page of the model card, with a link to its JSON export."""

from flask import render_template, request
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import ValidationError
from app.modelcards import bp, service
from app.modelcards.schemas import ModelCardQuerySchema
from app.openapi import load_data


@bp.get("/portal/interviews/<int:interview_id>/model-card")
@recruiter_required
def model_card(interview_id):
    """The model card of one rubric version (the current one by default)."""
    try:
        query = load_data(ModelCardQuerySchema, request.args.to_dict())
    except ValidationError:
        query = {"version": None}
    card = service.model_card(
        get_current_user(), interview_id, query["version"], service.current_weights()
    )
    return render_template("modelcards/card.html", card=card)
