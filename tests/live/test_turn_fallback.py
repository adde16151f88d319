"""A failing model never strands the candidate: run_turn with Gemini against the fake.

Whatever goes wrong (errors before the first chunk after retries, a stream cut mid-way,
a stall past the timeout), the candidate gets the next planned question and the session
stores exactly one interviewer message for the turn, marked as a fallback.
"""

import pytest

from app.ai.providers.gemini import GeminiProvider
from app.extensions import db
from app.live import answers, conductor
from app.live.turns import run_turn
from app.models import InterviewSession, Message
from tests import factories
from tests.fakes.gemini_server import Error, FakeGemini, Reply, Stall


@pytest.fixture(scope="module")
def fake():
    server = FakeGemini().start()
    yield server
    server.stop()


@pytest.fixture
def provider(fake):
    fake.reset()
    return GeminiProvider(
        api_key=fake.api_key,
        model="gemini-2.5-flash",
        base_url=fake.url,
        timeout_seconds=0.5,
        backoff=(0.01, 0.01),
    )


@pytest.fixture
def session(recruiter):
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(product, questions=2, status="active")
    invitation, _ = factories.make_invitation(interview, name="Kim")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, event, payload):
        self.events.append((event, payload))

    def named(self, name):
        return [payload for event, payload in self.events if event == name]


def take_turn(session_id, provider):
    emit = Recorder()
    message = run_turn(session_id, provider, emit)
    db.session.expire_all()
    return message, emit


def interviewer_messages(session_id):
    return Message.query.filter_by(session_id=session_id, role="interviewer").all()


def test_a_healthy_model_words_the_turn(fake, provider, session):
    fake.script(
        Reply(chunks=["Hello Kim, ", "I'm Alex, an AI interviewer."], prompt_tokens=321)
    )
    message, emit = take_turn(session.id, provider)
    assert message.content == "Hello Kim, I'm Alex, an AI interviewer.\n\nQuestion 1?"
    assert (message.provider, message.fallback, message.prompt_tokens) == (
        "gemini",
        False,
        321,
    )
    assert message.latency_ms is not None
    deltas = emit.named("turn_delta")
    assert "".join(d["text"] for d in deltas) == message.content
    assert [d["offset"] for d in deltas] == sorted(d["offset"] for d in deltas)


@pytest.mark.parametrize(
    "behaviours",
    [
        [Error(500), Error(503), Error(429)],
        [Stall(2), Stall(2), Stall(2)],
        [Error(400, "blocked")],
        [Reply(text="")],
    ],
    ids=["errors-after-retries", "stalls", "client-error", "empty-reply"],
)
def test_failures_before_the_first_chunk_fall_back(fake, provider, session, behaviours):
    fake.script(*behaviours)
    message, emit = take_turn(session.id, provider)
    assert message.fallback is True and message.provider == "offline"
    assert "AI interviewer" in message.content
    assert message.content.endswith("Question 1?")
    assert len(interviewer_messages(session.id)) == 1
    assert db.session.get(InterviewSession, session.id).fallback_count == 1
    assert emit.named("turn_end")[0]["message"]["text"] == message.content


def test_a_stream_cut_mid_way_restarts_the_turn_with_offline_wording(
    fake, provider, session
):
    fake.script(Reply(chunks=["Hello Kim, ", "I am ", "Alex."], cut_after=2))
    message, emit = take_turn(session.id, provider)
    starts = emit.named("turn_start")
    assert [s.get("restart", False) for s in starts] == [False, True]
    after_restart = emit.events[emit.events.index(("turn_start", starts[1])) + 1 :]
    streamed = "".join(p["text"] for e, p in after_restart if e == "turn_delta")
    assert streamed == message.content  # the page shows only the final wording
    assert message.fallback is True
    assert "I am" not in message.content
    assert len(interviewer_messages(session.id)) == 1


def test_the_next_question_still_comes_after_a_failed_turn(fake, provider, session):
    fake.script(Reply(text="Welcome, Kim."))
    take_turn(session.id, provider)
    answers.record_answer(session, "a1", "I don't know, sorry.")
    db.session.commit()
    fake.script(Error(500), Error(500), Error(500))
    message, _ = take_turn(session.id, provider)
    assert message.fallback and message.content.endswith("Question 2?")
    roles = [
        m.role
        for m in conductor.transcript(db.session.get(InterviewSession, session.id))
    ]
    assert roles == ["interviewer", "candidate", "interviewer"]


def test_no_turn_runs_when_it_is_the_candidates_turn(fake, provider, session):
    fake.script(Reply(text="Welcome."))
    take_turn(session.id, provider)
    message, emit = take_turn(session.id, provider)
    assert message is None and emit.events == []
    assert len(fake.requests) == 1
