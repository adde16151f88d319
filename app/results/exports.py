"""CSV exports of an interview's results: one row per candidate, or per answer.

Candidates' words end up in spreadsheets, so every text cell that a spreadsheet would
read as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with
an apostrophe. Each export is audited.
"""

import csv
import io
from collections import defaultdict

from sqlalchemy import select

from app.audit import record_event
from app.extensions import db
from app.interviews.rubrics import rubric_for
from app.models import (
    CRITERIA,
    Evaluation,
    Interview,
    InterviewSession,
    Message,
    Question,
    User,
)
from app.ownership import get_interview
from app.scoring import report
from app.scoring.report import overridden_scores

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SESSION_COLUMNS = [
    "session_id",
    "candidate_name",
    "candidate_email",
    "status",
    "started_at",
    "ended_at",
    "duration_minutes",
    "scoring_status",
    "overall_score",
    "recommendation",
    "stage",
    "stage_note",
    "review_flags",
]
ANSWER_COLUMNS = [
    "session_id",
    "candidate_name",
    "candidate_email",
    "question_number",
    "question_id",
    "question",
    "answer",
    "follow_ups",
    "evaluation_status",
    "overall",
    *CRITERIA,
]


def safe_cell(value):
    """A CSV cell that no spreadsheet runs as a formula; None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _number(value):
    """Scores always as decimals (8 and 8.0 alike read 8.0)."""
    return None if value is None else float(value)


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _competency_keys(interview: Interview, evaluations: list[Evaluation]) -> list[str]:
    keys = [item["key"] for item in interview.rubric]
    for evaluation in evaluations:
        keys.extend(k for k in evaluation.competency_scores or {} if k not in keys)
    return keys


def _load(interview: Interview):
    sessions = db.session.scalars(
        select(InterviewSession)
        .where(InterviewSession.interview_id == interview.id)
        .order_by(InterviewSession.started_at, InterviewSession.id)
    ).all()
    evaluations = db.session.scalars(
        select(Evaluation)
        .join(InterviewSession, Evaluation.session_id == InterviewSession.id)
        .where(InterviewSession.interview_id == interview.id)
    ).all()
    by_session = defaultdict(list)
    for evaluation in evaluations:
        by_session[evaluation.session_id].append(evaluation)
    return sessions, evaluations, by_session


def _audit(actor: User, interview: Interview, name: str, rows: int, origin) -> None:
    record_event(
        "interview.exported",
        actor=actor,
        target=interview,
        details={"file": name, "rows": rows},
        **(origin or {}),
    )


def _minutes(session: InterviewSession):
    if session.ended_at is None:
        return None
    return round((session.ended_at - session.started_at).total_seconds() / 60, 1)


def sessions_csv(actor: User, interview_id: int, *, origin: dict | None = None):
    """One row per candidate session: scores, recommendation, stage; (name, text)."""
    interview = get_interview(actor, interview_id)
    sessions, evaluations, by_session = _load(interview)
    keys = _competency_keys(interview, evaluations)
    rows = []
    for session in sessions:
        rubric = rubric_for(interview, session.rubric_version)
        profile = {
            c["key"]: c["score"]
            for c in report.competency_profile(
                rubric,
                [_profile_input(e, rubric) for e in by_session[session.id]],
            )
        }
        rows.append(
            [
                session.id,
                session.invitation.name,
                session.invitation.email,
                session.status,
                session.started_at.isoformat(),
                session.ended_at.isoformat() if session.ended_at else None,
                _minutes(session),
                session.scoring_status,
                session.overall_score,
                session.recommendation,
                session.stage,
                session.stage_note,
                "; ".join(session.review_flags or []),
                *(_number(profile.get(key)) for key in keys),
                "; ".join(s["name"] for s in session.strengths or []),
                "; ".join(g["name"] for g in session.gaps or []),
                session.summary,
                sum(1 for e in by_session[session.id] if e.human_overall is not None),
            ]
        )
    header = SESSION_COLUMNS + [f"score_{k}" for k in keys]
    header += ["strengths", "gaps", "summary", "human_overrides"]
    _audit(actor, interview, "sessions.csv", len(rows), origin)
    db.session.flush()
    return f"interview-{interview.id}-sessions.csv", _csv(header, rows)


def answers_csv(actor: User, interview_id: int, *, origin: dict | None = None):
    """One row per answered question with its scores; (name, text)."""
    interview = get_interview(actor, interview_id)
    sessions, evaluations, _by_session = _load(interview)
    keys = _competency_keys(interview, evaluations)
    numbers = {q.id: n for n, q in enumerate(interview.questions, start=1)}
    questions = {q.id: q for q in interview.questions}
    evaluated = {(e.session_id, e.question_id): e for e in evaluations}
    threads = defaultdict(list)
    for message in db.session.scalars(
        select(Message)
        .join(InterviewSession, Message.session_id == InterviewSession.id)
        .join(Question, Message.question_id == Question.id)
        .where(InterviewSession.interview_id == interview.id)
        .order_by(Message.session_id, Message.seq)
    ):
        threads[(message.session_id, message.question_id)].append(message)
    rows = []
    for session in sessions:
        for question_id in sorted(
            {q for s, q in threads if s == session.id}, key=numbers.get
        ):
            thread = threads[(session.id, question_id)]
            answers = [m.content for m in thread if m.role == "candidate"]
            if not answers:
                continue
            evaluation = evaluated.get((session.id, question_id))
            rows.append(
                _answer_row(
                    session,
                    questions[question_id],
                    numbers,
                    thread,
                    answers,
                    evaluation,
                    keys,
                )
            )
    header = ANSWER_COLUMNS + [f"score_{k}" for k in keys]
    header += ["flags", "feedback", "spread", "provider", "model", "rubric_version"]
    header += ["ai_score", "human_score", "human_reason", "final_score"]
    _audit(actor, interview, "answers.csv", len(rows), origin)
    db.session.flush()
    return f"interview-{interview.id}-answers.csv", _csv(header, rows)


def _answer_row(session, question, numbers, thread, answers, evaluation, keys):
    scores = (evaluation.competency_scores or {}) if evaluation else {}
    follow_ups = sum(1 for m in thread if m.role == "interviewer" and m.is_follow_up)
    return [
        session.id,
        session.invitation.name,
        session.invitation.email,
        numbers[question.id],
        question.id,
        question.text,
        "\n\n".join(answers),
        follow_ups,
        evaluation.status if evaluation else "not_scored",
        evaluation.overall if evaluation else None,
        *((getattr(evaluation, c) if evaluation else None) for c in CRITERIA),
        *(_number((scores.get(k) or {}).get("score")) for k in keys),
        "; ".join(evaluation.flags or []) if evaluation else "",
        evaluation.feedback if evaluation else "",
        evaluation.spread if evaluation else None,
        evaluation.provider if evaluation else "",
        evaluation.model if evaluation else "",
        evaluation.rubric_version if evaluation else None,
        # `overall` above is the AI's; a recruiter's override sits beside it.
        _number(evaluation.overall) if evaluation else None,
        _number(evaluation.human_overall) if evaluation else None,
        evaluation.human_reason if evaluation else "",
        _number(evaluation.final_overall) if evaluation else None,
    ]


def _profile_input(evaluation, rubric: list[dict]) -> dict:
    """An evaluation as the competency profile reads it; an override counts."""
    if evaluation.human_overall is not None:
        return {
            "status": "scored",
            "competency_scores": overridden_scores(evaluation, rubric),
        }
    return {
        "status": evaluation.status,
        "competency_scores": evaluation.competency_scores,
    }
