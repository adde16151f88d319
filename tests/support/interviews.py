"""Take interviews through the real conductor, committing each step like the live
interview does (so scoring jobs are enqueued by the same commits)."""

from app.ai import interviewer
from app.extensions import db
from app.live import conductor
from app.live.answers import record_answer
from app.models import InterviewSession
from tests import factories


def speak(session: InterviewSession):
    """Store the interviewer's next turn in the offline wording; returns its plan."""
    plan = conductor.plan_turn(session.id)
    if plan is None:
        return None
    text = plan.spoken(interviewer.lead_in(plan.context))
    conductor.store_turn(plan, text, {"provider": "offline", "model": "viva-offline-1"})
    db.session.commit()
    return plan


def take_interview(
    interview, answers: list[str], *, name: str = "Casey Candidate", finish=True
) -> InterviewSession:
    """Start a session and answer each turn with the next of `answers` (in order).

    Follow-ups take answers too. With finish=True the list must last until the
    closing; otherwise the session stops after the last answer's turn.
    """
    invitation, _ = factories.make_invitation(interview, name=name)
    session = conductor.start_session(invitation)
    db.session.commit()
    pending = list(answers)
    while True:
        plan = speak(session)
        if plan is None or plan.kind == "closing":
            break
        if not pending:
            if finish:
                raise AssertionError(f"ran out of answers at a {plan.kind} turn")
            break
        record_answer(session, f"c{session.id}-{len(pending)}", pending.pop(0))
        db.session.commit()
    return db.session.get(InterviewSession, session.id)
