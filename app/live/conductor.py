"""The interview state machine. The server owns the plan.

greeting -> each approved question in order, asked verbatim -> up to the question's
follow-up budget of adaptive follow-ups -> closing -> completed. The AI writes only the
wording of greetings, acknowledgements, follow-ups and the closing; it never decides to
skip, repeat or reorder the plan. State changes only when an interviewer turn is stored,
so a turn lost mid-stream (a crash, a restart) is simply planned and generated again.
Storing the turn that ends a question thread queues that thread's evaluation in the
same transaction (app/interviews/scoring.py); the closing turn makes the report due.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from app.ai.coverage import key_point_coverage
from app.errors import InteractionError
from app.extensions import db
from app.integrations import events as webhook_events
from app.interviews.rubrics import record_rubric_version
from app.models import (
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Question,
    utcnow,
)
from app.scoring import service as scoring
from app.upsert import insert_once, insert_unless_taken, update_if

MAX_ANSWER_CHARS = 20_000
SUMMARY_LINES = 3
DONT_KNOW = re.compile(
    r"\b(i\s*(?:do\s*not|don'?t)\s*know|no idea|not sure|no clue|i'?m not familiar"
    r"|(?:let'?s|can we) (?:skip|move on)|skip(?: this)?|pass)\b",
    re.IGNORECASE,
)


@dataclass
class TurnPlan:
    """What the next interviewer turn must do."""

    kind: str  # greeting | question | follow_up | closing
    question: Question | None  # the question this turn belongs to
    verbatim: str = (
        ""  # the planned question, appended word for word after the AI's part
    )
    time_up: bool = False

    @property
    def ends_interview(self) -> bool:
        return self.kind == "closing"


# Called as hook(session, answer_message) after a new candidate answer is stored, in
# the same transaction (so what a hook flushes is committed with the answer). Practice
# sessions use it to append their next question, chosen from the answer.
ANSWER_HOOKS: list = []


def approved_questions(interview: Interview) -> list[Question]:
    """The planned questions, in order."""
    return [q for q in interview.questions if q.approved]


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
    return not messages or messages[-1].role == "candidate"


def deadline(session: InterviewSession, interview: Interview) -> datetime:
    """When the interview's time limit is reached."""
    return session.started_at + timedelta(minutes=interview.time_limit_minutes)


def is_dont_know(answer: str) -> bool:
    """A candidate saying they do not know: move on without re-asking."""
    return len(answer.split()) <= 25 and bool(DONT_KNOW.search(answer))


def needs_follow_up(answer: str, question: Question) -> bool:
    """Short or vague answers get a follow-up; substantial ones move on."""
    word_count = len(answer.split())
    if word_count < 20:
        return True
    coverage = key_point_coverage(answer, question.key_points, question.text)
    return word_count < 60 and coverage < 0.34


def plan_next_turn(
    session: InterviewSession,
    now: datetime | None = None,
    messages: list[Message] | None = None,
) -> TurnPlan | None:
    """The next interviewer turn, or None when it is the candidate's turn or over.

    `messages`, when the caller has the transcript already, saves reading it again."""
    interview = db.session.get(Interview, session.interview_id)
    messages = transcript(session) if messages is None else messages
    if not awaiting_interviewer(session, messages):
        return None
    questions = approved_questions(interview)
    if not messages:
        first = questions[0] if questions else None
        return TurnPlan("greeting", first, first.text if first else "")
    if (now or utcnow()) >= deadline(session, interview):
        return TurnPlan("closing", None, time_up=True)
    current = (
        db.session.get(Question, session.current_question_id)
        if session.current_question_id
        else None
    )
    answer = messages[-1].content
    if (
        current is not None
        and not is_dont_know(answer)
        and session.follow_ups_asked < current.follow_up_budget
        and needs_follow_up(answer, current)
    ):
        return TurnPlan("follow_up", current)
    upcoming = [
        q for q in questions if current is None or q.position > current.position
    ]
    if upcoming:
        return TurnPlan("question", upcoming[0], upcoming[0].text)
    return TurnPlan("closing", None)


def find_answer(session: InterviewSession, client_id: str) -> Message | None:
    """The answer already stored under this client id, if any."""
    return db.session.scalars(
        select(Message).where(
            Message.session_id == session.id, Message.client_id == client_id
        )
    ).first()


def record_answer(
    session: InterviewSession, client_id: str, text: str
) -> tuple[Message, bool]:
    """Store a candidate answer once per client id; returns (message, newly stored)."""
    existing = find_answer(session, client_id)
    if existing is not None:
        return existing, False
    if session.status != "in_progress":
        raise InteractionError("This interview has ended.")
    messages = transcript(session)
    if awaiting_interviewer(session, messages):
        # The same answer, stored a moment ago by a send racing this one?
        for message in reversed(messages):
            if message.client_id == client_id:
                return message, False
        raise InteractionError(
            "Please wait until the interviewer has finished speaking."
        )
    text = text.strip()[:MAX_ANSWER_CHARS]
    if not text:
        raise InteractionError("Your answer is empty.")
    last = messages[-1]
    session.last_activity_at = utcnow()
    # The same answer sent twice at once (a retry racing the first send), or two
    # answers racing for one turn: the unique (session, client_id) and (session, seq)
    # let one in; the other is a duplicate or has to wait.
    message = insert_unless_taken(
        Message,
        {
            "session_id": session.id,
            "seq": last.seq + 1,
            "role": "candidate",
            "question_id": last.question_id,
            "is_follow_up": last.is_follow_up,
            "content": text,
            "client_id": client_id,
        },
    )
    if message is not None:
        for hook in ANSWER_HOOKS:
            hook(session, message)
        return message, True
    existing = find_answer(session, client_id)
    if existing is not None:
        return existing, False
    raise InteractionError("Please wait until the interviewer has finished speaking.")


def _next_seq(session: InterviewSession) -> int:
    current = db.session.scalar(
        select(func.max(Message.seq)).where(Message.session_id == session.id)
    )
    return (current or 0) + 1


def _thread(messages: list[Message], question_id: int | None) -> list[Message]:
    return [
        m for m in messages if question_id is not None and m.question_id == question_id
    ]


def _summary_line(question: Question, messages: list[Message]) -> str:
    answers = " ".join(
        m.content for m in _thread(messages, question.id) if m.role == "candidate"
    )
    said = re.sub(r"\s+", " ", answers)[:100] or "(no answer)"
    return f"Q{question.position + 1} ({question.text[:40]}): {said}"


def complete_turn(
    session: InterviewSession,
    plan: TurnPlan,
    text: str,
    meta: dict,
    messages: list[Message] | None = None,
) -> Message:
    """Store the interviewer's finished turn and advance the state machine.

    `messages` is the transcript the turn was planned on, when the caller holds it
    (one turn in flight per session, so nothing was added since); the new turn takes
    the next `seq`, which the unique (session, seq) constraint guards."""
    if messages is None:
        messages = transcript(session)
        seq = _next_seq(session)
    else:
        seq = (messages[-1].seq if messages else 0) + 1
    previous = (
        db.session.get(Question, session.current_question_id)
        if session.current_question_id
        else None
    )
    if plan.kind in ("question", "closing") and previous is not None:
        lines = [line for line in session.running_summary.splitlines() if line]
        lines.append(_summary_line(previous, messages))
        session.running_summary = "\n".join(lines[-SUMMARY_LINES:])
    message = Message(
        session_id=session.id,
        seq=seq,
        role="interviewer",
        question_id=plan.question.id if plan.question else None,
        is_follow_up=plan.kind == "follow_up",
        content=text,
        provider=meta.get("provider"),
        model=meta.get("model"),
        prompt_tokens=meta.get("prompt_tokens"),
        output_tokens=meta.get("output_tokens"),
        latency_ms=meta.get("latency_ms"),
        fallback=bool(meta.get("fallback")),
    )
    db.session.add(message)
    _advance(session, plan, bool(meta.get("fallback")))
    db.session.flush()
    if plan.kind in ("question", "closing") and previous is not None:
        scoring.queue_evaluation(session, previous)  # its thread has ended
    if session.status == "completed":
        scoring.session_completed(session)
        webhook_events.interview_completed(session)
    return message


def _advance(session: InterviewSession, plan: TurnPlan, fallback: bool) -> None:
    now = utcnow()
    session.last_activity_at = now
    session.fallback_count += 1 if fallback else 0
    if plan.kind == "follow_up":
        session.phase = "follow_up"
        session.follow_ups_asked += 1
    elif plan.kind in ("greeting", "question"):
        session.phase = "question"
        session.current_question_id = plan.question.id if plan.question else None
        session.follow_ups_asked = 0
        if (
            plan.question is None
        ):  # an interview without questions goes straight to closing
            session.phase = "closing"
    else:
        session.phase = "completed"
        session.status = "completed"
        session.ended_at = now
        session.invitation.status = "completed"


def turn_context(
    session: InterviewSession, plan: TurnPlan, messages: list[Message] | None = None
) -> dict:
    """Plain data describing the turn, for prompts and the offline wording."""
    interview = db.session.get(Interview, session.interview_id)
    product = interview.product
    invitation = session.invitation
    messages = transcript(session) if messages is None else messages
    current = (
        plan.question
        if plan.kind == "follow_up"
        else (
            db.session.get(Question, session.current_question_id)
            if session.current_question_id
            else None
        )
    )
    last_answer = (
        messages[-1].content if messages and messages[-1].role == "candidate" else ""
    )
    hints = list(current.key_points) + list(current.skills) if current else []
    return {
        "kind": plan.kind,
        "seed": f"{session.id}:{len(messages)}",
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
        "question_count": len(approved_questions(interview)),
        "time_limit_minutes": interview.time_limit_minutes,
        "running_summary": session.running_summary,
        "current_question": current.text if current else "",
        "key_points": list(current.key_points) if current else [],
        "thread": [
            (m.role, m.content)
            for m in _thread(messages, current.id if current else None)
        ],
        "candidate_answer": last_answer,
        "topic_hints": hints,
        "dont_know": is_dont_know(last_answer) if last_answer else False,
        "short_answer": len(last_answer.split()) < 20,
        "time_up": plan.time_up,
    }
