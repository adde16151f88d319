"""The interview state machine. The server owns the plan.

greeting -> each approved question in order, asked verbatim -> up to the question's
follow-up budget of adaptive follow-ups -> closing -> completed. The AI writes only the
wording of greetings, acknowledgements, follow-ups and the closing; it never decides to
skip, repeat or reorder the plan. State changes only when an interviewer turn is stored,
so a turn lost mid-stream (a crash, a restart) is simply planned and generated again.

A turn is one walk (app/live/turns.py runs it): `plan_turn` reads what it needs once and
returns a TurnPlan of plain data, the provider streams with no database session open,
and `store_turn` writes the turn in one transaction. Storing the turn that ends a
question thread queues that thread's evaluation in the same transaction
(app/scoring/service.py); the closing turn makes the report due.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.ai.coverage import key_point_coverage
from app.errors import InteractionError
from app.extensions import db
from app.integrations import events as webhook_events
from app.interviews.rubrics import record_rubric_version
from app.live import conversation
from app.live.conversation import is_dont_know
from app.live.progress import deadline, progress
from app.models import (
    Application,
    CandidateSettings,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Product,
    Question,
    utcnow,
)
from app.scoring import service as scoring
from app.upsert import insert_once, update_if


@dataclass(frozen=True)
class TurnPlan:
    """The next interviewer turn, planned in one read: plain data, no database rows.

    It holds everything the turn needs while no database session is open (the prompt's
    context, the planned question) and everything storing it needs afterwards."""

    session_id: int
    invitation_id: int
    seq: int  # the turn's place in the transcript
    kind: str  # greeting | question | follow_up | closing
    question_id: int | None  # the question this turn belongs to
    verbatim: str  # the planned question, said word for word after the AI's part
    time_up: bool
    context: dict  # plain turn data for prompts and the offline wording
    ended_question_id: int | None  # the question whose thread this turn ends
    ended_answered: bool  # that thread has an answer (its evaluation is due)
    running_summary: str  # the session's summary once this turn is stored
    state_after: dict  # where the interview stands once this turn is stored

    @property
    def ends_interview(self) -> bool:
        return self.kind == "closing"

    def spoken(self, lead_in: str) -> str:
        """The whole turn: the AI's part, then the planned question verbatim."""
        if not self.verbatim:
            return lead_in
        return f"{lead_in}\n\n{self.verbatim}" if lead_in else self.verbatim


def start_session(invitation: Invitation) -> InterviewSession:
    """The invitation's session, created (invitation marked started) on first use.

    A double-click or two tabs start at once: one insert wins, the other finds the
    winner's session (unique per invitation) and carries on with it."""
    session = invitation.session
    if session is None:
        now = utcnow()
        created = insert_once(
            InterviewSession,
            {
                "invitation_id": invitation.id,
                "interview_id": invitation.interview_id,
                "started_at": now,
                "last_activity_at": now,
                # Scored against the rubric in force now, whatever edits come later.
                "rubric_version": record_rubric_version(invitation.interview).version,
            },
            ["invitation_id"],
        )
        session = db.session.scalars(
            select(InterviewSession).where(
                InterviewSession.invitation_id == invitation.id
            )
        ).one()
        set_committed_value(invitation, "session", session)
        if created:  # unless a revocation landed a moment ago
            update_if(
                invitation,
                Invitation.status.not_in(("revoked", "completed")),
                status="started",
            )
            webhook_events.interview_started(session)
    return session


def transcript(session: InterviewSession) -> list[Message]:
    """The session's messages in order."""
    return list(
        db.session.scalars(
            select(Message)
            .where(Message.session_id == session.id)
            .order_by(Message.seq)
        )
    )


def awaiting_interviewer(session: InterviewSession, messages: list[Message]) -> bool:
    """True when the next turn is the interviewer's (none yet, or an answer waits)."""
    if session.status != "in_progress":
        return False
    if session.answer_held:  # the candidate is still writing their answer
        return False
    return not messages or messages[-1].role == "candidate"


def needs_follow_up(answer: str, question: Question) -> bool:
    """Short or vague answers get a follow-up; substantial ones move on."""
    word_count = len(answer.split())
    if word_count < 20:
        return True
    coverage = key_point_coverage(answer, question.key_points, question.text)
    return word_count < 60 and coverage < 0.34


def plan_turn(session_id: int, now: datetime | None = None) -> TurnPlan | None:
    """Plan the session's next interviewer turn in one read (three SELECTs); None
    when it is the candidate's turn or the interview is over."""
    read = _read_for_planning(session_id)
    if read is None:
        return None
    session, interview, product, invitation, resume, messages, every_question, faq = (
        read
    )
    by_id = {q.id: q for q in every_question}
    questions = [q for q in every_question if q.approved]
    # The question asked last, even if it has been unapproved or edited since.
    current = by_id.get(session.current_question_id)
    kind, question, time_up = _next_step(
        session, interview, questions, current, messages, now
    )
    thread_of = question if kind == "follow_up" else current
    ended = current if kind in ("question", "closing") else None
    # Whether the ended thread was answered (its evaluation is due), from this read.
    ended_answered = ended is not None and any(
        m.role == "candidate" and m.question_id == ended.id for m in messages
    )
    summary = conversation.summary_lines(
        by_id, messages, thread_of.id if thread_of else None
    )
    after = conversation.summary_lines(by_id, messages, None) if ended else summary
    phase, status = _phase_after(kind, question)
    asks = question if kind in ("greeting", "question") else None
    return TurnPlan(
        session_id=session.id,
        invitation_id=invitation.id,
        seq=(messages[-1].seq if messages else 0) + 1,
        kind=kind,
        question_id=question.id if question else None,
        verbatim=asks.text if asks else "",
        time_up=time_up,
        context={
            **_setting(session, interview, product, invitation, len(questions), resume),
            "faq": faq or [],  # the recruiter's answers to candidates' questions
            **conversation.thread_context(thread_of, messages, summary),
            "kind": kind,
            "seed": f"{session.id}:{len(messages)}",
            "time_up": time_up,
        },
        ended_question_id=ended.id if ended else None,
        ended_answered=ended_answered,
        running_summary="\n".join(f"{label}: {said}" for label, said in after),
        state_after=progress(
            status, phase, questions, asks or current, deadline(session, interview)
        ),
    )


def plan_is_current(plan: TurnPlan) -> bool:
    """True when nothing was added to the transcript since the plan was made."""
    last = db.session.scalar(
        select(func.max(Message.seq)).where(Message.session_id == plan.session_id)
    )
    return (last or 0) == plan.seq - 1


# The resume of the application this invitation came from, when the applicant let
# the interviewer use it (prompts delimit it as their data); read with the session.
_CONSENTED_RESUME = (
    select(Application.resume_text)
    .where(
        Application.invitation_id == InterviewSession.invitation_id,
        Application.resume_for_interview.is_(True),
        Application.parse_status == "parsed",
    )
    .limit(1)
    .scalar_subquery()
)


def _read_for_planning(session_id: int):
    """The session with its interview, product and invitation, its messages and the
    interview's questions; None when no interviewer turn can be due."""
    row = db.session.execute(
        select(
            InterviewSession,
            Interview,
            Product,
            Invitation,
            _CONSENTED_RESUME,
            CandidateSettings.faq,
        )
        .join(Interview, Interview.id == InterviewSession.interview_id)
        .join(Product, Product.id == Interview.product_id)
        .join(Invitation, Invitation.id == InterviewSession.invitation_id)
        .outerjoin(CandidateSettings, CandidateSettings.interview_id == Interview.id)
        .where(InterviewSession.id == session_id)
    ).one_or_none()
    if row is None or row[0].status != "in_progress":
        return None
    session, interview, product, invitation, resume, faq = row
    messages = transcript(session)
    if not awaiting_interviewer(session, messages):
        return None
    every_question = db.session.scalars(
        select(Question)
        .where(Question.interview_id == interview.id)
        .order_by(Question.position)
    ).all()
    return (
        session,
        interview,
        product,
        invitation,
        resume,
        messages,
        every_question,
        faq,
    )


def _setting(
    session, interview, product, invitation, question_count: int, resume=None
) -> dict:
    """Who speaks to whom, for what role: the plain part of every turn's context."""
    return {
        "persona_name": interview.persona_name,
        "persona_tone": interview.persona_tone,
        "company": product.name,
        "product_context": product.description,
        "role_title": interview.role_title,
        "seniority": interview.seniority,
        "language": interview.language,
        "job_description": interview.job_description,
        "extra_instructions": interview.extra_instructions,
        "candidate_name": invitation.name,
        "candidate_resume": resume or "",
        "question_count": question_count,
        "time_limit_minutes": None
        if interview.untimed
        else interview.time_limit_minutes,
        "practice": interview.practice,
    }


def _next_step(session, interview, questions, current, messages, now):
    """(kind, question, time_up) of the turn due after `messages`."""
    if not messages:
        return "greeting", (questions[0] if questions else None), False
    ends_at = deadline(session, interview)
    if ends_at is not None and (now or utcnow()) >= ends_at:
        return "closing", None, True
    answer = conversation.latest_answer(messages)
    if (
        current is not None
        and not is_dont_know(answer)
        and session.follow_ups_asked < current.follow_up_budget
        and needs_follow_up(answer, current)
    ):
        return "follow_up", current, False
    upcoming = [
        q for q in questions if current is None or q.position > current.position
    ]
    if upcoming:
        return "question", upcoming[0], False
    return "closing", None, False


def _phase_after(kind: str, question: Question | None) -> tuple[str, str]:
    """(phase, status) of the session once a turn of this kind is stored."""
    if kind == "follow_up":
        return "follow_up", "in_progress"
    if kind in ("greeting", "question"):
        # An interview without questions goes straight to closing.
        return ("question" if question else "closing"), "in_progress"
    return "completed", "completed"


def store_turn(plan: TurnPlan, text: str, meta: dict) -> Message:
    """Store a planned interviewer turn and advance the session, in one write
    (flushes): the message, the session's new state, and the evaluation of the thread
    the turn ends. The unique (session, seq) constraint refuses a second copy."""
    query = select(InterviewSession).where(InterviewSession.id == plan.session_id)
    if plan.ended_answered:  # read with the session, not after it
        query = query.add_columns(Question).join(
            Question, Question.id == plan.ended_question_id
        )
    session, *ended = db.session.execute(query).one()
    if session.status != "in_progress":  # ended meanwhile (e.g. abandoned)
        raise InteractionError("This interview has ended.")
    fallback = bool(meta.get("fallback"))
    message = Message(
        session_id=plan.session_id,
        seq=plan.seq,
        role="interviewer",
        question_id=plan.question_id,
        is_follow_up=plan.kind == "follow_up",
        content=text,
        provider=meta.get("provider"),
        model=meta.get("model"),
        prompt_tokens=meta.get("prompt_tokens"),
        output_tokens=meta.get("output_tokens"),
        latency_ms=meta.get("latency_ms"),
        fallback=fallback,
    )
    db.session.add(message)
    _advance(session, plan, fallback)
    if ended:
        scoring.queue_evaluation(session, ended[0], answered=True)  # thread ended
    if plan.ends_interview:  # after the answers' jobs: the report comes last
        scoring.session_completed(session)
        webhook_events.interview_completed(session)
        db.session.execute(
            update(Invitation)
            .where(Invitation.id == plan.invitation_id)
            .values(status="completed")
        )
    db.session.flush()
    return message


def _advance(session: InterviewSession, plan: TurnPlan, fallback: bool) -> None:
    now = utcnow()
    session.last_activity_at = now
    session.running_summary = plan.running_summary
    session.fallback_count += 1 if fallback else 0
    session.phase = plan.state_after["phase"]
    session.status = plan.state_after["status"]
    if plan.kind == "follow_up":
        session.follow_ups_asked += 1
    elif plan.kind in ("greeting", "question"):
        session.current_question_id = plan.question_id
        session.follow_ups_asked = 0
    else:
        session.ended_at = now
