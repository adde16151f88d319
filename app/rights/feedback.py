"""The candidate's feedback report (an interview setting, off by default): after
scoring, their strengths and two or three tips, each quoting their own answers (the
evaluation's verified evidence), and never a score or a hiring verdict.

Sent once per session: the claim is a conditional UPDATE on the receipt row's
feedback_sent_at (set before sending, cleared again when the send fails).
"""

import re
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, select, update

from app.extensions import db
from app.interviews.rubrics import rubric_for
from app.mail import MailError, send_email
from app.models import (
    CandidateReceipt,
    CandidateSettings,
    Evaluation,
    InterviewSession,
    Message,
    Question,
    utcnow,
)
from app.upsert import insert_once

MAX_TIPS = 3
MIN_TIPS = 2
WEAKER_ANSWER_BELOW = 7.5  # an answer scored under this (0-10) gets a tip
QUOTE_CHARS = 180
SWEEP_WINDOW = timedelta(days=2)
GENERIC_TIPS = (
    "Structure each story: the situation, what you did yourself, and the result.",
    "Give concrete figures where you can (time saved, errors fewer, users reached).",
    "Say why you chose an approach and what you would do differently next time.",
)


def _quote(text: str) -> str:
    """The first sentence or so of an answer, as the candidate wrote it."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first if len(first) <= QUOTE_CHARS else first[: QUOTE_CHARS - 1] + "…"


def _answers(session_id: int) -> dict[int, str]:
    """The candidate's first answer to each question."""
    answers: dict[int, str] = {}
    for message in db.session.scalars(
        select(Message)
        .where(Message.session_id == session_id, Message.role == "candidate")
        .order_by(Message.seq)
    ):
        answers.setdefault(message.question_id, message.content)
    return answers


def _top_anchor(competency: dict) -> str:
    anchors = competency.get("anchors") or {}
    if not anchors:
        return ""
    return anchors[max(anchors, key=lambda level: int(level))].strip().rstrip(".")


def _weakest_answer(evaluations, key: str) -> int | None:
    scored = [
        (e.competency_scores[key].get("score"), e.question_id)
        for e in evaluations
        if isinstance(e.competency_scores.get(key), dict)
        and e.competency_scores[key].get("score") is not None
    ]
    return min(scored)[1] if scored else None


def build_feedback(session: InterviewSession) -> dict:
    """Strengths with the candidate's quotes and 2-3 tips; no score, no verdict."""
    interview = session.invitation.interview
    rubric = {c["key"]: c for c in rubric_for(interview, session.rubric_version)}
    evaluations = db.session.scalars(
        select(Evaluation).where(
            Evaluation.session_id == session.id, Evaluation.status == "scored"
        )
    ).all()
    answers = _answers(session.id)
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.interview_id == interview.id)
    )}  # fmt: skip
    strengths, quoted = [], set()
    for item in session.strengths or []:
        quote = _quote(item.get("evidence") or "")
        strengths.append(
            {"name": item["name"], "quote": "" if quote in quoted else quote}
        )
        quoted.add(quote)
    tips = []
    for gap in session.gaps or []:
        competency = rubric.get(gap.get("competency") or "")
        if competency is None or len(tips) >= MAX_TIPS:
            continue
        anchor = _top_anchor(competency)
        question_id = _weakest_answer(evaluations, competency["key"])
        tips.append(
            {
                "name": competency["name"],
                "text": f"Strong answers here: {anchor[:1].lower() + anchor[1:]}."
                if anchor
                else "Give a concrete example and explain your reasoning.",
                "question": questions[question_id].text if question_id else None,
                "quote": _quote(answers.get(question_id, "")) if question_id else None,
            }
        )
    used = {tip["question"] for tip in tips}
    for evaluation in sorted(evaluations, key=lambda e: e.overall or 0):
        question = questions.get(evaluation.question_id)
        if len(tips) >= MAX_TIPS or (evaluation.overall or 0) >= WEAKER_ANSWER_BELOW:
            break
        if question is None or question.text in used:
            continue
        tips.append(
            {
                "name": None,
                "text": "This answer could go further: walk through one concrete "
                "example, the trade-offs you weighed, and how you checked the result.",
                "question": question.text,
                "quote": _quote(answers.get(question.id, "")),
            }
        )
    for text in GENERIC_TIPS:
        if len(tips) >= MIN_TIPS:
            break
        tips.append({"name": None, "text": text, "question": None, "quote": None})
    return {"strengths": strengths, "tips": tips[:MAX_TIPS]}


def wants_feedback(interview_id: int) -> bool:
    """Whether the interview's recruiter switched the feedback report on."""
    settings = db.session.get(CandidateSettings, interview_id)
    return bool(settings and settings.feedback_report)


def offered_for_session(session_id: int) -> bool:
    """Whether the session's interview offers the feedback report (one query)."""
    offered = db.session.scalar(
        select(CandidateSettings.feedback_report)
        .join(
            InterviewSession,
            InterviewSession.interview_id == CandidateSettings.interview_id,
        )
        .where(InterviewSession.id == session_id)
    )
    return bool(offered)


def _claim(session_id: int) -> bool:
    insert_once(
        CandidateReceipt,
        {"session_id": session_id, "status": "failed", "attempts": 0},
        ["session_id"],
    )
    result = db.session.execute(
        update(CandidateReceipt)
        .where(
            and_(
                CandidateReceipt.session_id == session_id,
                CandidateReceipt.feedback_sent_at.is_(None),
            )
        )
        .values(feedback_sent_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send_feedback(session_id: int) -> str:
    """Email a scored session's feedback report if the interview offers it (commits):
    sent, failed or skipped."""
    session = db.session.get(InterviewSession, session_id)
    if session is None or session.scored_at is None:
        return "skipped"
    if not wants_feedback(session.interview_id) or not _claim(session_id):
        return "skipped"
    invitation = session.invitation
    interview = invitation.interview
    context = {
        **build_feedback(session),
        "candidate_name": invitation.name,
        "role": interview.role_title,
        "company": interview.product.name,
        "app_name": current_app.config["APP_NAME"],
        "title": "Feedback on your interview",
    }
    env = current_app.jinja_env
    try:
        send_email(
            invitation.email,
            f"Feedback on your interview for {interview.role_title}",
            env.get_template("mail/feedback_report.txt").render(context),
            env.get_template("mail/feedback_report.html").render(context),
            to_name=invitation.name,
        )
    except MailError as error:
        db.session.execute(
            update(CandidateReceipt)
            .where(CandidateReceipt.session_id == session_id)
            .values(feedback_sent_at=None)
        )
        db.session.commit()
        current_app.logger.warning(
            "Feedback for session %s not sent: %s", session_id, error
        )
        return "failed"
    return "sent"


def due_feedback_session_ids(now=None) -> list[int]:
    """Scored sessions of interviews offering feedback that got none (lost jobs)."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(InterviewSession.id)
        .join(
            CandidateSettings,
            CandidateSettings.interview_id == InterviewSession.interview_id,
        )
        .outerjoin(CandidateReceipt, CandidateReceipt.session_id == InterviewSession.id)
        .where(
            CandidateSettings.feedback_report.is_(True),
            InterviewSession.scored_at.is_not(None),
            InterviewSession.scored_at > now - SWEEP_WINDOW,
            CandidateReceipt.feedback_sent_at.is_(None),
        )
        .limit(100)
    ).all()
    db.session.rollback()
    return list(rows)
