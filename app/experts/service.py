"""Domain experts' rules.

An expert is a workspace member with the role `expert`. A recruiter of the workspace
adds them to interviews; they then see only those interviews (through
app.ownership.expert_interviews): the questions, their gold answers and approval, and
the answers scored with low confidence. Experts see answers but never who gave them
(no names or emails: "Candidate 12"), since reviewing a score needs only the answer.
"""

from sqlalchemy import select

from app.audit import record_event
from app.errors import Conflict, NotFound, ValidationError
from app.extensions import db
from app.models import (
    Evaluation,
    InterviewExpert,
    InterviewSession,
    Membership,
    Message,
    QuestionReview,
    User,
    utcnow,
)
from app.ownership import (
    expert_interviews,
    get_expert_interview,
    get_expert_question,
    get_interview,
    require_writer,
)
from app.scoring import service as scoring
from app.upsert import insert_unless_taken

LOW_CONFIDENCE = "low_confidence"
EXPERT_REASON = "A domain expert reviewed this low-confidence score."
GOLD_MAX = 5000


# ---------------------------------------------------------------- recruiters
def list_experts(actor: User, interview_id: int) -> list[InterviewExpert]:
    """The experts added to an interview the actor may see."""
    interview = get_interview(actor, interview_id)
    return list(
        db.session.scalars(
            select(InterviewExpert)
            .where(InterviewExpert.interview_id == interview.id)
            .order_by(InterviewExpert.id)
        )
    )


def add_expert(actor: User, interview_id: int, *, email: str) -> InterviewExpert:
    """Add a member of the interview's workspace with the role expert to it."""
    interview = get_interview(actor, interview_id)
    require_writer(actor)
    expert = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            User.email == email.strip().lower(),
            Membership.workspace_id == interview.product.workspace_id,
            Membership.role == "expert",
        )
    ).first()
    if expert is None:
        raise ValidationError(
            details={
                "email": ["Invite this person to the workspace as an expert first."]
            }
        )
    row = insert_unless_taken(
        InterviewExpert,
        {
            "interview_id": interview.id,
            "user_id": expert.id,
            "added_by_id": actor.id,
            "created_at": utcnow(),
        },
    )
    if row is None:
        raise Conflict("This expert is already on the interview.")
    record_event(
        "interview.expert_added",
        actor=actor,
        target=interview,
        details={"user_id": expert.id},
    )
    return row


def remove_expert(actor: User, interview_id: int, user_id: int) -> None:
    """Take an expert off an interview."""
    interview = get_interview(actor, interview_id)
    require_writer(actor)
    row = db.session.scalars(
        select(InterviewExpert).where(
            InterviewExpert.interview_id == interview.id,
            InterviewExpert.user_id == user_id,
        )
    ).first()
    if row is None:
        raise NotFound("Expert not found.")
    db.session.delete(row)
    db.session.flush()
    record_event(
        "interview.expert_removed",
        actor=actor,
        target=interview,
        details={"user_id": user_id},
    )


# ---------------------------------------------------------------- experts
def my_interviews(user: User) -> list:
    """The interviews the expert was added to, newest first."""
    return list(
        db.session.scalars(expert_interviews(user).order_by(InterviewExpert.id.desc()))
    )


def question_reviews(question_ids: list[int]) -> dict[int, QuestionReview]:
    """The reviews of these questions, by question id."""
    if not question_ids:
        return {}
    rows = db.session.scalars(
        select(QuestionReview).where(QuestionReview.question_id.in_(question_ids))
    )
    return {row.question_id: row for row in rows}


def interview_for_review(user: User, interview_id: int):
    """(interview, questions, reviews) of an interview the expert was added to."""
    interview = get_expert_interview(user, interview_id)
    questions = list(interview.questions)
    return interview, questions, question_reviews([q.id for q in questions])


def _review(question_id: int) -> QuestionReview:
    insert_unless_taken(QuestionReview, {"question_id": question_id, "gold_answer": ""})
    return db.session.get(QuestionReview, question_id)


def save_gold_answer(
    user: User, question_id: int, *, gold_answer: str
) -> QuestionReview:
    """Write or edit the gold-standard answer of a question (who and when kept)."""
    question = get_expert_question(user, question_id)
    text = gold_answer.strip()
    if len(text) > GOLD_MAX:
        raise ValidationError(
            details={"gold_answer": ["Use at most 5,000 characters."]}
        )
    review = _review(question.id)
    review.gold_answer = text
    review.gold_by_id = user.id
    review.gold_at = utcnow()
    db.session.flush()
    record_event("question.gold_answer_saved", actor=user, target=question)
    return review


def approve_question(user: User, question_id: int) -> QuestionReview:
    """Approve a question for use (who and when recorded)."""
    question = get_expert_question(user, question_id)
    review = _review(question.id)
    review.approved_by_id = user.id
    review.approved_at = utcnow()
    question.approved = True
    db.session.flush()
    record_event("question.approved_by_expert", actor=user, target=question)
    return review


def review_queue(user: User) -> list[dict]:
    """Answers scored with low confidence on the expert's interviews, oldest first,
    with the question and the answer text, without who the candidate is."""
    interviews = expert_interviews(user).with_only_columns(InterviewExpert.interview_id)
    rows = db.session.scalars(
        select(Evaluation)
        .join(InterviewSession, Evaluation.session_id == InterviewSession.id)
        .where(
            InterviewSession.interview_id.in_(interviews),
            Evaluation.status == "scored",
        )
        .order_by(Evaluation.id)
    )
    return [queue_item(e) for e in rows if LOW_CONFIDENCE in (e.flags or [])]


def queue_item(evaluation: Evaluation) -> dict:
    """One queue entry: the question, the answer text, the score; no candidate name."""
    answers = db.session.scalars(
        select(Message.content)
        .where(
            Message.session_id == evaluation.session_id,
            Message.question_id == evaluation.question_id,
            Message.role == "candidate",
        )
        .order_by(Message.seq)
    ).all()
    review = (evaluation.details or {}).get("expert_review")
    return {
        "evaluation_id": evaluation.id,
        "candidate": f"Candidate {evaluation.session_id}",
        "interview_id": evaluation.session.interview_id,
        "question": evaluation.question.text,
        "answer": "\n\n".join(answers),
        "overall": evaluation.overall,
        "spread": evaluation.spread,
        "feedback": evaluation.feedback,
        "expert_review": review,
    }


def get_queue_evaluation(user: User, evaluation_id: int) -> Evaluation:
    """A low-confidence evaluation on one of the expert's interviews, or NotFound."""
    for item in review_queue(user):
        if item["evaluation_id"] == evaluation_id:
            return db.session.get(Evaluation, evaluation_id)
    raise NotFound("Evaluation not found.")


def review_score(
    user: User, evaluation_id: int, *, overall: float, note: str = ""
) -> Evaluation:
    """An expert's verdict on a low-confidence score: the corrected overall (0-10)
    becomes the human score beside the AI's (as a recruiter's override does), the
    flag is cleared, and the session's report (overall score, recommendation) is
    written again from it; analytics count it among the re-scored answers."""
    evaluation = get_queue_evaluation(user, evaluation_id)
    details = dict(evaluation.details or {})
    now = utcnow()
    details["expert_review"] = {
        "by": user.id,
        "at": now.isoformat(),
        "original_overall": evaluation.overall,
        "overall": overall,
        "note": note.strip(),
    }
    evaluation.details = details
    evaluation.human_overall = round(overall, 1)
    evaluation.human_reason = note.strip() or EXPERT_REASON
    evaluation.human_by_id = user.id
    evaluation.human_at = now
    evaluation.flags = [f for f in evaluation.flags or [] if f != LOW_CONFIDENCE]
    db.session.flush()
    record_event(
        "evaluation.expert_reviewed",
        actor=user,
        target=evaluation,
        details={"overall": overall, "ai_score": evaluation.overall},
    )
    scoring.finalize_session(db.session.get(InterviewSession, evaluation.session_id))
    return evaluation
