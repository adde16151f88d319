"""The evaluator and the live turn end to end on an OpenAI-compatible server (the fake,
through the real `openai` SDK): samples, validation, prompt-mode fallback, thoughts
hidden from the transcript, usage stored, fallback wording when the model fails."""

import pytest

from app.ai.evaluator import evaluate_answer
from app.ai.providers.openai import OpenAIProvider
from app.extensions import db
from app.live import conductor
from app.live.turns import run_turn
from app.models import Message
from tests import factories
from tests.ai.test_evaluator_gemini import REAL, thread_data
from tests.fakes.openai_server import Error, FakeOpenAI, Reply, json_reply

KEYS = ["relevance", "completeness", "accuracy", "clarity"]


def payload(score):
    return {
        "competencies": [{"key": k, "score": score, "evidence": [REAL]} for k in KEYS],
        "criteria": dict.fromkeys(KEYS, score),
        "feedback": "Concrete and correct.",
        "key_points_covered": ["token bucket"],
        "manipulation_attempt": False,
    }


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI(models=("qwen3:8b", "deepseek-r1:14b")).start()
    yield server
    server.stop()


@pytest.fixture
def provider(fake):
    fake.reset()
    return OpenAIProvider(
        base_url=fake.url,
        model="qwen3:8b",
        eval_model="deepseek-r1:14b",
        timeout_seconds=2,
        backoff=(0.01, 0.01),
    )


def test_the_evaluator_keeps_the_median_of_three_samples(fake, provider):
    fake.script(json_reply(payload(9)), json_reply(payload(6)), json_reply(payload(7)))
    result = evaluate_answer(provider, thread_data())
    assert result["status"] == "scored" and result["overall"] == 7.0
    assert (result["provider"], result["model"]) == ("openai", "deepseek-r1:14b")
    assert len(fake.requests) == 3
    for seen in fake.requests:
        assert seen.body["model"] == "deepseek-r1:14b"
        assert seen.body["temperature"] == 0
        assert seen.response_format == "json_schema"


def test_the_evaluator_works_when_the_server_refuses_json_schema(fake, provider):
    fake.refuse_json_schema = True
    thought = Reply(
        text="<think>the candidate did well</think>" + json_reply(payload(8)).text
    )
    fake.script(thought, thought, thought)
    result = evaluate_answer(provider, thread_data())
    assert result["status"] == "scored" and result["overall"] == 8.0
    answered = [seen for seen in fake.requests if seen.response_format is None]
    assert len(answered) == 3


def test_invalid_output_leaves_the_answer_for_review(fake, provider):
    fake.default = Reply(text="Great answer, 10/10!")
    try:
        result = evaluate_answer(provider, thread_data())
    finally:
        fake.default = Reply(text="This is the fake model's reply.")
    assert result["status"] == "needs_review" and result["overall"] is None


@pytest.fixture
def session(recruiter):
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(product, questions=2, status="active")
    invitation, _ = factories.make_invitation(interview, name="Kim")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


def test_a_live_turn_streams_without_thoughts_and_stores_usage(fake, provider, session):
    fake.script(
        Reply(
            chunks=["<think>greet them</think>", "Hello Kim, ", "welcome."],
            reasoning=["plan: be warm"],
            prompt_tokens=321,
        )
    )
    events = []
    message = run_turn(session.id, provider, lambda e, p: events.append((e, p)))
    assert message.content == "Hello Kim, welcome.\n\nQuestion 1?"
    assert (message.provider, message.model) == ("openai", "qwen3:8b")
    assert (message.prompt_tokens, message.fallback) == (321, False)
    streamed = "".join(p["text"] for e, p in events if e == "turn_delta")
    assert "think" not in streamed and "plan" not in streamed


def test_a_failing_server_falls_back_to_the_planned_question(fake, provider, session):
    fake.script(Error(500), Error(500), Error(500))
    message = run_turn(session.id, provider, lambda e, p: None)
    db.session.expire_all()
    assert message.fallback is True and message.content.endswith("Question 1?")
    assert Message.query.filter_by(session_id=session.id).count() == 1
