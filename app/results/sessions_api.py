"""JSON API for candidate sessions: the list per interview, one session's report (its
transcript, evaluations and scoring status), the recruiter's stage decision, and
scoring again what could not be scored."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_session
from app.results import bp, decisions, overrides
from app.results import service as results
from app.results.schemas import (
    EvaluationSchema,
    OverrideSchema,
    SessionDetailSchema,
    SessionQuerySchema,
    SessionSummarySchema,
    StageSchema,
)
from app.schemas import list_schema
from app.web import request_origin


class _Detail:
    """A session with its messages and evaluations, for SessionDetailSchema."""

    def __init__(self, session):
        self._session = session
        self.messages, self.evaluations = results.transcript(session)

    def __getattr__(self, name):
        return getattr(self._session, name)


@bp.get(f"{API}/interviews/<int:interview_id>/sessions")
@recruiter_required
@operation(
    "Candidate sessions of an interview",
    tags=["sessions"],
    query=SessionQuerySchema,
    responses={200: list_schema(SessionSummarySchema)},
    description="Filter by status, stage, scoring status, recommendation, score "
    "(0-100) and start date; sort by date, score, name or stage. `unseen=true` lists "
    "scored results no recruiter has opened yet.",
)
def api_list_sessions(interview_id, query):
    items, meta = results.list_sessions(get_current_user(), interview_id, **query)
    return {"items": items, "meta": meta}


@bp.get(f"{API}/sessions/<int:session_id>")
@recruiter_required
@operation(
    "A candidate session's report: transcript, evaluations, scores",
    tags=["sessions"],
    responses={200: SessionDetailSchema},
    description="`scoring_status` says whether the report is final: pending (the "
    "interview runs), running, done, needs_review or failed.",
)
def api_get_session(session_id):
    user = get_current_user()
    session = get_session(user, session_id)
    results.record_report_read(user, session, "api", request_origin())
    db.session.commit()
    return _Detail(session)


@bp.patch(f"{API}/sessions/<int:session_id>")
@recruiter_required
@operation(
    "Set a candidate's stage (advance, hold, reject) with a note",
    tags=["sessions"],
    body=StageSchema,
    responses={200: SessionDetailSchema},
    description="Only a recruiter moves a candidate; every change is audited. "
    "Rejecting a candidate with open flags on their answers needs "
    "`acknowledge_flags: true` (422 otherwise).",
)
def api_set_stage(session_id, body):
    user = get_current_user()
    session = decisions.set_stage(
        user,
        session_id,
        body["stage"],
        body["note"],
        acknowledge_flags=body["acknowledge_flags"],
        origin=request_origin(),
    )
    db.session.commit()
    return _Detail(session)


@bp.post(f"{API}/sessions/<int:session_id>/rescore")
@recruiter_required
@operation(
    "Score again the answers that failed or need review",
    tags=["sessions"],
    responses={202: SessionSummarySchema},
    errors=(409,),
    description="Queues those answers for the background scorer; 409 when every "
    "answer is scored already.",
)
def api_rescore_session(session_id):
    session = results.rescore_session(
        get_current_user(), session_id, origin=request_origin()
    )
    db.session.commit()
    return session, 202


@bp.put(f"{API}/sessions/<int:session_id>/questions/<int:question_id>/score")
@recruiter_required
@operation(
    "Override one question's score with a reason",
    tags=["sessions"],
    body=OverrideSchema,
    responses={200: EvaluationSchema},
    errors=(409,),
    description="The AI's score stays in `overall`; the recruiter's is "
    "`human_overall`, and `final_overall` is the one that counts in the session's "
    "overall score and recommendation, which are written again. Audited. 409 while "
    "the answer is still being scored.",
)
def api_override_score(session_id, question_id, body):
    evaluation = overrides.override_score(
        get_current_user(),
        session_id,
        question_id,
        body["score"],
        body["reason"],
        origin=request_origin(),
    )
    db.session.commit()
    return evaluation
