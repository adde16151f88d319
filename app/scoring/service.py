"""Scoring as durable jobs: one Evaluation row per answered question thread.

When a thread ends (the conductor stores the next question or the closing), its row
is added as "pending" in the same transaction as the turn, so a process dying before
the job is enqueued loses nothing. Once that transaction commits, app/tasks.py
enqueues a score_answer job per row (mark_due() tells it which). A job claims its row
with one conditional UPDATE (so two workers never score the same answer), scores it
with no database connection held, and stores the result; when the session has ended
and none of its rows is outstanding, the final report is written. A periodic sweep
enqueues rows whose job was lost (due_evaluation_ids()), including rows left "running"
by a worker that died, once SCORING_CLAIM_TIMEOUT_SECONDS have passed. Provider errors
are retried after SCORING_RETRY_SECONDS x attempts, up to SCORING_MAX_ATTEMPTS; then
the row is "failed".
"""

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, select, update

from app.ai import evaluator
from app.ai.providers import AIProvider
from app.extensions import db
from app.integrations import events as webhook_events
from app.interviews.rubrics import rubric_for
from app.models import (
    Evaluation,
    Interview,
    InterviewSession,
    Message,
    Question,
    QuestionReview,
    utcnow,
)
from app.scoring import report

log = logging.getLogger(__name__)

DUE_KEY = "viva_scoring_due"
OUTSTANDING = ("pending", "running")
CLAIM_BATCH = 50
SWEEP_BATCH = 200
# A pending row never claimed this long has lost its job (a process died between the
# commit and the enqueue): the sweep enqueues it again.
LOST_AFTER = timedelta(minutes=1)

# Sessions that have ended: a report is written for both (abandoned ones are scored
# on the answers given).
ENDED = ("completed", "abandoned")


def mark_due(*items: Evaluation | InterviewSession) -> None:
    """Once this transaction commits, enqueue scoring for these evaluations and the
    reports of these ended sessions (app/tasks.py reads the list after the commit)."""
    db.session.info.setdefault(DUE_KEY, []).extend(items)


def queue_evaluation(
    session: InterviewSession, question: Question, *, answered: bool | None = None
) -> Evaluation | None:
    """Add the pending evaluation of a finished question thread, if it was answered
    (`answered`: already known by the caller; None: looked up)."""
    if answered is None:
        answered = (
            db.session.scalar(
                select(Message.id).where(
                    Message.session_id == session.id,
                    Message.question_id == question.id,
                    Message.role == "candidate",
                )
            )
            is not None
        )
    if not answered:
        return None
    evaluation = db.session.scalars(
        select(Evaluation).where(
            Evaluation.session_id == session.id,
            Evaluation.question_id == question.id,
        )
    ).first()
    if evaluation is None:
        evaluation = Evaluation(
            session_id=session.id,
            question_id=question.id,
            status="pending",
            provider="",
            rubric_version=session.rubric_version or 1,
        )
        db.session.add(evaluation)
    mark_due(evaluation)
    return evaluation


def session_completed(session: InterviewSession) -> None:
    """The interview ended: its report is due once every answer is scored."""
    session.scoring_status = "running"
    mark_due(session)


# ---------------------------------------------------------------- claiming
def _setting(name: str, default):
    value = current_app.config.get(name)
    return default if value is None else value


def _claimable(evaluation: Evaluation, now: datetime) -> bool:
    if evaluation.status not in OUTSTANDING:
        return False
    if evaluation.claimed_at is None:
        return evaluation.status == "pending"
    if evaluation.status == "pending":
        delay = _setting("SCORING_RETRY_SECONDS", 30) * evaluation.attempts
        return evaluation.claimed_at <= now - timedelta(seconds=delay)
    timeout = _setting("SCORING_CLAIM_TIMEOUT_SECONDS", 180)
    return evaluation.claimed_at <= now - timedelta(seconds=timeout)


def _try_claim(candidate: Evaluation, now: datetime) -> bool:
    """Take a claimable row with one conditional UPDATE on what was read (commits)."""
    seen = candidate.claimed_at
    claimed = db.session.execute(
        update(Evaluation)
        .where(
            Evaluation.id == candidate.id,
            Evaluation.status == candidate.status,
            Evaluation.attempts == candidate.attempts,
            Evaluation.claimed_at.is_(None)
            if seen is None
            else Evaluation.claimed_at == seen,
        )
        .values(status="running", claimed_at=now, attempts=candidate.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed.rowcount == 1


def claim(evaluation_id: int, now: datetime | None = None) -> bool:
    """Claim this evaluation if it is due (commits); False when it is not, or when
    another worker took it first."""
    candidate = db.session.get(Evaluation, evaluation_id, populate_existing=True)
    now = now or utcnow()
    if candidate is None or not _claimable(candidate, now):
        db.session.commit()
        return False
    return _try_claim(candidate, now)


def claim_next(now: datetime | None = None) -> int | None:
    """Claim one due evaluation for this worker (commits); its id, or None."""
    now = now or utcnow()
    candidates = db.session.scalars(
        select(Evaluation)
        .where(Evaluation.status.in_(OUTSTANDING))
        .order_by(Evaluation.id)
        .limit(CLAIM_BATCH)
    ).all()
    for candidate in candidates:
        if _claimable(candidate, now) and _try_claim(candidate, now):
            return candidate.id
    db.session.commit()
    return None


def due_evaluation_ids(now: datetime | None = None) -> list[int]:
    """Rows the sweep enqueues: claimable now, and for a row never claimed, pending
    longer than LOST_AFTER (a younger one still has its job in the queue)."""
    now = now or utcnow()
    candidates = db.session.scalars(
        select(Evaluation)
        .where(Evaluation.status.in_(OUTSTANDING))
        .order_by(Evaluation.id)
        .limit(SWEEP_BATCH)
    ).all()
    due = [
        e.id
        for e in candidates
        if _claimable(e, now)
        and (e.claimed_at is not None or e.updated_at <= now - LOST_AFTER)
    ]
    db.session.commit()
    return due


def retry_delay(evaluation_id: int) -> int:
    """Seconds until a row that failed its last attempt may be claimed again."""
    attempts = db.session.scalar(
        select(Evaluation.attempts).where(Evaluation.id == evaluation_id)
    )
    db.session.commit()
    return int(_setting("SCORING_RETRY_SECONDS", 30)) * (attempts or 1)


# ---------------------------------------------------------------- scoring
def _gold_answer(question_id: int) -> str:
    """A domain expert's gold-standard answer to the question, or ''."""
    review = db.session.get(QuestionReview, question_id)
    return review.gold_answer if review is not None else ""


def evaluation_input(evaluation: Evaluation) -> dict:
    """The plain data the evaluator needs for one question thread."""
    session = db.session.get(InterviewSession, evaluation.session_id)
    interview = db.session.get(Interview, session.interview_id)
    question = db.session.get(Question, evaluation.question_id)
    thread = db.session.scalars(
        select(Message)
        .where(Message.session_id == session.id, Message.question_id == question.id)
        .order_by(Message.seq)
    ).all()
    return {
        "question": {
            "text": question.text,
            "kind": question.kind,
            "key_points": list(question.key_points),
            "skills": list(question.skills),
            "model_answer": question.model_answer,
            "gold_answer": _gold_answer(question.id),
        },
        "role": {
            "title": interview.role_title,
            "seniority": interview.seniority,
            "skills": list(interview.skills),
            "language": interview.language,
        },
        "rubric": rubric_for(interview, evaluation.rubric_version),
        "thread": [(m.role, m.content) for m in thread],
        "answers": [m.content for m in thread if m.role == "candidate"],
    }


def _store(evaluation: Evaluation, result: dict) -> None:
    criteria = result["criteria"]
    evaluation.status = result["status"]
    evaluation.competency_scores = result["competency_scores"]
    for name in evaluator.CRITERIA:
        setattr(evaluation, name, criteria[name])
    evaluation.overall = result["overall"]
    evaluation.spread = result["spread"]
    evaluation.feedback = result["feedback"]
    evaluation.flags = result["flags"]
    evaluation.details = result["details"]
    evaluation.provider = result["provider"]
    evaluation.model = result["model"]
    evaluation.prompt_hash = result["prompt_hash"]
    evaluation.error = result["error"]
    evaluation.scored_at = utcnow()


def _record_failure(evaluation: Evaluation, error: Exception) -> None:
    evaluation.error = f"{type(error).__name__}: {error}"[:1000]
    if evaluation.attempts >= _setting("SCORING_MAX_ATTEMPTS", 3):
        evaluation.status = "failed"
        evaluation.flags = ["needs_review"]
    else:
        evaluation.status = "pending"  # claimable again after the retry delay


def run_evaluation(evaluation_id: int, provider: AIProvider) -> str:
    """Score one claimed evaluation and store the result (commits); its status."""
    evaluation = db.session.get(Evaluation, evaluation_id)
    data = evaluation_input(evaluation)
    session_id = evaluation.session_id
    db.session.commit()  # no connection is held while the model thinks
    weights = evaluator.parse_weights(current_app.config.get("EVAL_CRITERIA_WEIGHTS"))
    try:
        result = evaluator.evaluate_answer(provider, data, weights)
    except Exception as exc:  # provider errors and bugs alike: retry, then give up
        log.warning("Scoring evaluation %s failed: %s", evaluation_id, exc)
        evaluation = db.session.get(Evaluation, evaluation_id)
        _record_failure(evaluation, exc)
        db.session.commit()
        if evaluation.status == "failed":  # the last try: the report may be due
            finalize_session(db.session.get(InterviewSession, session_id))
            db.session.commit()
        return evaluation.status
    evaluation = db.session.get(Evaluation, evaluation_id)
    _store(evaluation, result)
    db.session.commit()
    finalize_session(db.session.get(InterviewSession, session_id))
    db.session.commit()
    return evaluation.status


# ---------------------------------------------------------------- reports
def _report_input(
    evaluation: Evaluation, positions: dict[int, int], rubric: list[dict]
) -> dict:
    details = evaluation.details or {}
    missed = list(details.get("key_points_missed") or [])
    if evaluation.human_overall is not None:  # the recruiter's score counts
        return {
            "status": "scored",
            "competency_scores": report.overridden_scores(evaluation, rubric),
            "overall": evaluation.human_overall,
            "flags": [f for f in evaluation.flags or [] if f != "needs_review"],
            "key_points_missed": missed,
            "points": len(missed) + len(details.get("key_points_covered") or []),
            "position": positions.get(evaluation.question_id, 0),
        }
    return {
        "status": evaluation.status,
        "competency_scores": evaluation.competency_scores or {},
        "overall": evaluation.overall,
        "flags": list(evaluation.flags or []),
        "key_points_missed": missed,
        "points": len(missed) + len(details.get("key_points_covered") or []),
        "position": positions.get(evaluation.question_id, 0),
    }


def finalize_session(session: InterviewSession) -> bool:
    """Write the report of an ended session whose answers are all scored (flushes)."""
    if session is None or session.status not in ENDED:
        return False
    evaluations = db.session.scalars(
        select(Evaluation).where(Evaluation.session_id == session.id)
    ).all()
    if any(e.status in OUTSTANDING for e in evaluations):
        session.scoring_status = "running"
        return False
    interview = db.session.get(Interview, session.interview_id)
    approved = [q for q in interview.questions if q.approved]
    positions = {q.id: n for n, q in enumerate(interview.questions, start=1)}
    ordered = sorted(evaluations, key=lambda e: positions.get(e.question_id, 0))
    rubric = rubric_for(interview, session.rubric_version)
    fields = report.build_report(
        candidate_name=session.invitation.name,
        rubric=rubric,
        evaluations=[_report_input(e, positions, rubric) for e in ordered],
        questions_total=len(approved),
        advance_threshold=interview.advance_threshold,
        consider_threshold=interview.consider_threshold,
    )
    for name, value in fields.items():
        setattr(session, name, value)
    session.scored_at = utcnow()
    db.session.flush()
    webhook_events.evaluation_ready(session)
    return True


def finalize_due_sessions() -> int:
    """Write the reports that are due (ended sessions, nothing outstanding); commits."""
    outstanding = exists().where(
        and_(
            Evaluation.session_id == InterviewSession.id,
            Evaluation.status.in_(OUTSTANDING),
        )
    )
    due = db.session.scalars(
        select(InterviewSession).where(
            InterviewSession.status.in_(ENDED),
            InterviewSession.scoring_status.in_(OUTSTANDING),
            ~outstanding,
        )
    ).all()
    written = sum(1 for session in due if finalize_session(session))
    db.session.commit()
    return written


def score_answer(evaluation_id: int, provider: AIProvider) -> str:
    """Claim one evaluation and score it (commits): its new status, or "skipped" when
    it was not due (scored already, claimed elsewhere, retry not yet due)."""
    if not claim(evaluation_id):
        return "skipped"
    return run_evaluation(evaluation_id, provider)


def finish_report(session_id: int) -> bool:
    """Write an ended session's report if every answer is scored (commits)."""
    written = finalize_session(db.session.get(InterviewSession, session_id))
    db.session.commit()
    return written


def run_due(provider: AIProvider, limit: int | None = None) -> int:
    """Score every due answer and write due reports; how many answers were scored."""
    scored = 0
    finalize_due_sessions()
    while limit is None or scored < limit:
        evaluation_id = claim_next()
        if evaluation_id is None:
            break
        run_evaluation(evaluation_id, provider)
        scored += 1
    finalize_due_sessions()
    return scored
