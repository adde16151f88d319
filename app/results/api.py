"""JSON API for comparing answers across candidates, and CSV exports of results."""

from flask import Response
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.results import bp, exports
from app.results import service as results
from app.results.schemas import AnswerListSchema
from app.schemas import PageQuerySchema
from app.web import request_origin

NO_STORE = {"Cache-Control": "no-store"}


@bp.get(f"{API}/interviews/<int:interview_id>/questions/<int:question_id>/answers")
@recruiter_required
@operation(
    "Compare every candidate's answer to one question, with its scores",
    tags=["sessions"],
    query=PageQuerySchema,
    responses={200: AnswerListSchema},
    description="Best scored first; answers not scored yet come last.",
)
def api_compare_answers(interview_id, question_id, query):
    items, meta, question = results.compare_answers(
        get_current_user(),
        interview_id,
        question_id,
        page=query["page"],
        per_page=query["per_page"],
    )
    return {"question": question, "items": items, "meta": meta}


def csv_response(name: str, text: str) -> Response:
    """A CSV file download (UTF-8 with a byte-order mark, for spreadsheets)."""
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', **NO_STORE},
    )


@bp.get(f"{API}/interviews/<int:interview_id>/export/sessions.csv")
@recruiter_required
@operation(
    "CSV of an interview's candidates, one row each",
    tags=["sessions"],
    responses={200: "text/csv"},
    description="Scores per competency, recommendation, stage and note, strengths, "
    "gaps and summary. Audited.",
)
def api_export_sessions(interview_id):
    name, text = exports.sessions_csv(
        get_current_user(), interview_id, origin=request_origin()
    )
    db.session.commit()
    return csv_response(name, text)


@bp.get(f"{API}/interviews/<int:interview_id>/export/answers.csv")
@recruiter_required
@operation(
    "CSV of an interview's answers, one row per answered question",
    tags=["sessions"],
    responses={200: "text/csv"},
    description="The answer text, criteria and competency scores, flags and "
    "feedback. Audited.",
)
def api_export_answers(interview_id):
    name, text = exports.answers_csv(
        get_current_user(), interview_id, origin=request_origin()
    )
    db.session.commit()
    return csv_response(name, text)
