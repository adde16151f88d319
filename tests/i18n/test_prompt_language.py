"""The AI interviewer and the evaluator are told the interview's language: asserted on
the requests an OpenAI-compatible server (the local fake) received."""

import pytest

from app.ai.providers.openai import OpenAIProvider
from app.extensions import db
from app.live import answers, conductor
from app.live.turns import run_turn
from app.models import Question
from app.scoring import service as scoring
from tests import factories
from tests.ai.test_evaluator_openai import payload
from tests.fakes.openai_server import FakeOpenAI, Reply, json_reply


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI(models=("qwen3:8b",)).start()
    yield server
    server.stop()


@pytest.fixture
def provider(fake):
    fake.reset()
    return OpenAIProvider(
        base_url=fake.url, model="qwen3:8b", timeout_seconds=2, backoff=(0.01, 0.01)
    )


@pytest.fixture
def german_session(recruiter):
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(
        product, questions=1, status="active", language="de"
    )
    invitation, _ = factories.make_invitation(interview, name="Jonas")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


def test_the_interviewer_is_told_to_speak_the_interview_language(
    fake, provider, german_session
):
    fake.script(Reply(chunks=["Hallo Jonas, ", "willkommen."]))
    message = run_turn(german_session.id, provider, lambda event, data: None)
    assert message.content.startswith("Hallo Jonas, willkommen.")
    (seen,) = fake.requests
    system = seen.body["messages"][0]["content"]
    assert "in German (de). Speak German (de) throughout" in system


def test_the_evaluator_is_told_to_write_feedback_in_the_interview_language(
    fake, provider, german_session
):
    run_turn(german_session.id, provider, lambda event, data: None)  # the greeting
    answers.record_answer(german_session, "a1", "Ich würde einen Token-Bucket bauen.")
    question = db.session.scalars(
        db.select(Question).where(Question.interview_id == german_session.interview_id)
    ).one()
    evaluation = scoring.queue_evaluation(german_session, question)
    db.session.commit()
    fake.reset()
    fake.default = json_reply(payload(7))
    try:
        scoring.run_evaluation(evaluation.id, provider)
    finally:
        fake.default = Reply(text="This is the fake model's reply.")
    assert fake.requests
    for seen in fake.requests:
        assert (
            "The interview was held in German (de). Write feedback in German (de)"
            in seen.prompt_text
        )
