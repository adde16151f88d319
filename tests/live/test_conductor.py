"""The conductor: the server's plan; follow-ups, 'I don't know', time limit, closing."""

from datetime import timedelta

import pytest

from app.errors import InteractionError, ValidationError
from app.extensions import db
from app.live import answers, conductor
from app.models import utcnow
from tests import factories

pytestmark = [
    pytest.mark.product(name="Acme", description="We build APIs."),
    pytest.mark.interview(
        time_limit_minutes=30,
        questions=[
            {
                "text": f"Planned question {position + 1}?",
                "key_points": ["status codes", "validation", "pagination"],
                "follow_up_budget": budget,
            }
            for position, budget in enumerate([1, 0, 2])
        ]
        + [{"text": "Unapproved draft?", "approved": False}],
    ),
]

LONG_ANSWER = (
    "I designed the resources around applications, candidates and jobs, used proper "
    "HTTP status codes like 201 for creation and 422 for validation errors, validated "
    "input with schemas, and paginated every list with page and per_page parameters so "
    "clients never pull everything at once."
)


@pytest.fixture
def session(interview):
    invitation, _token = factories.make_invitation(interview, name="Jamie Candidate")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


def speak(session):
    """Store the planned interviewer turn with placeholder wording; returns the plan."""
    plan = conductor.plan_turn(session.id)
    conductor.store_turn(plan, plan.spoken("lead-in"), {"provider": "test"})
    db.session.commit()
    return plan


def answer(session, text, client_id=None):
    message, created = answers.record_answer(
        session, client_id or f"c{len(conductor.transcript(session))}", text
    )
    db.session.commit()
    return message, created


def test_start_session_marks_the_invitation_started(session):
    assert session.status == "in_progress"
    assert session.invitation.status == "started"
    assert conductor.start_session(session.invitation) is session


def test_greeting_asks_the_first_question_verbatim(session):
    plan = conductor.plan_turn(session.id)
    assert (plan.kind, plan.verbatim) == ("greeting", "Planned question 1?")
    speak(session)
    assert (
        session.phase == "question" and session.current_question_id == plan.question_id
    )
    assert conductor.plan_turn(session.id) is None  # now the candidate's turn


def test_full_path_follow_up_budgets_are_honoured(session):
    speak(session)  # greeting + Q1
    answer(session, "Yes.")
    plan = speak(session)
    assert plan.kind == "follow_up"
    assert plan.context["current_question"] == "Planned question 1?"
    answer(session, "Still short.")
    plan = speak(session)  # budget of 1 used: move on even though the answer is short
    assert (plan.kind, plan.verbatim) == ("question", "Planned question 2?")
    answer(session, "Short again.")
    plan = speak(session)  # budget 0: no follow-up
    assert (plan.kind, plan.verbatim) == ("question", "Planned question 3?")
    answer(session, "Hm.")
    assert speak(session).kind == "follow_up"
    answer(session, "Hm hm.")
    assert speak(session).kind == "follow_up"
    answer(session, "Done.")
    plan = speak(session)
    assert plan.kind == "closing"
    assert session.status == "completed" and session.invitation.status == "completed"
    assert session.ended_at is not None
    asked = [
        m.content.split("\n\n")[-1]
        for m in conductor.transcript(session)
        if m.role == "interviewer" and not m.is_follow_up
    ]
    # Every planned question exactly once, in order; the unapproved draft never.
    assert asked[:3] == [
        "Planned question 1?",
        "Planned question 2?",
        "Planned question 3?",
    ]
    assert not any("Unapproved" in m.content for m in conductor.transcript(session))


def test_a_substantial_answer_moves_on_without_a_follow_up(session):
    speak(session)
    answer(session, LONG_ANSWER)
    assert conductor.plan_turn(session.id).kind == "question"


@pytest.mark.parametrize(
    "reply",
    ["I don't know.", "Honestly, no idea", "Can we skip this one?", "I'm not sure"],
)
def test_dont_know_moves_on_without_re_asking(session, reply):
    speak(session)
    answer(session, reply)
    plan = conductor.plan_turn(session.id)
    assert (plan.kind, plan.verbatim) == ("question", "Planned question 2?")


def test_time_limit_closes_gracefully(session):
    speak(session)
    answer(session, "Short.")
    plan = conductor.plan_turn(session.id, now=utcnow() + timedelta(minutes=31))
    assert plan.kind == "closing" and plan.time_up


def test_answers_are_idempotent_by_client_id(session):
    speak(session)
    first, created = answer(session, "My answer", client_id="abc")
    again, created_again = answer(session, "My answer resent", client_id="abc")
    assert created and not created_again
    assert again.id == first.id
    assert [m.role for m in conductor.transcript(session)] == [
        "interviewer",
        "candidate",
    ]


def test_no_answer_while_the_interviewer_has_the_turn(session):
    with pytest.raises(InteractionError):
        answers.record_answer(session, "x1", "too early")
    speak(session)
    answer(session, "first")
    with pytest.raises(InteractionError, match="wait"):
        answers.record_answer(session, "x2", "second before the reply")


def test_empty_answers_are_refused(session):
    speak(session)
    with pytest.raises(InteractionError, match="empty"):
        answers.record_answer(session, "e1", "   ")


def test_answers_too_long_to_store_whole_are_refused_not_cut(session):
    speak(session)
    with pytest.raises(ValidationError, match="longer than 20,000"):
        answer(session, "word " * 20_000)
    db.session.rollback()
    fits, _ = answer(session, "x" * answers.MAX_ANSWER_CHARS + "   ")
    assert len(fits.content) == answers.MAX_ANSWER_CHARS


@pytest.mark.parametrize(
    ("client_id", "text", "field"),
    [("c1", "an answer with \x00 in it", "text"), ("c\x00", "fine", "client_id")],
)
def test_answers_holding_nul_are_refused(session, client_id, text, field):
    speak(session)
    with pytest.raises(ValidationError) as refused:
        answers.record_answer(session, client_id, text)
    assert field in refused.value.details


def test_a_client_id_longer_than_its_column_is_refused_not_cut(session):
    speak(session)
    with pytest.raises(ValidationError, match="1 to 64"):
        answers.record_answer(session, "x" * 65, "An answer.")


def test_no_answer_after_completion(session):
    session.status = "completed"
    db.session.commit()
    with pytest.raises(InteractionError, match="ended"):
        answers.record_answer(session, "late", "hello")


def test_running_summary_stays_bounded(session):
    speak(session)
    for n in range(3):
        answer(session, LONG_ANSWER + f" ({n})")
        speak(session)
    lines = session.running_summary.splitlines()
    assert len(lines) == 3
    assert all(len(line) < 300 for line in lines)
    assert lines[0].startswith("Q1 ")


def test_turn_context_holds_the_thread_and_candidate_name(session):
    speak(session)
    answer(session, "Short.")
    context = conductor.plan_turn(session.id).context
    assert context["kind"] == "follow_up"
    assert context["candidate_name"] == "Jamie Candidate"
    assert context["company"] == "Acme" and context["question_count"] == 3
    assert context["thread"][-1] == ("candidate", "Short.")
    assert context["key_points"] == ["status codes", "validation", "pagination"]
