"""The live interview in Chromium with an OpenAI-compatible server (the local fake):
the model's words stream visibly, its <think> section and reasoning_content never
reach the page, and the planned question follows verbatim."""

import pytest

from tests.browser.test_live_interview import (
    LONG_ANSWERS,
    answer,
    enter_room,
    expect_progress,
    record_room,
    streamed_prefixes,
    wait_for_turn,
)
from tests.fakes.openai_server import FakeOpenAI, Reply
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

MODEL = "qwen3:8b"
QUESTIONS = [
    "Walk me through how you would debug a slow SQL query.",
    "How do you decide what to log in a web service?",
]
GREETING_CHUNKS = [
    "<think>Greet Sam warmly, ",
    "mention the team.</think>\n\n",
    "Hello Sam, ",
    "I'm Alex, ",
    "an AI interviewer for Acme Robotics. ",
    "We have two questions today. ",
    "Let's begin.",
]
VISIBLE = "".join(GREETING_CHUNKS[2:])


@pytest.fixture(scope="module")
def model_server():
    fake = FakeOpenAI(models=(MODEL,), default=Reply(text="Thanks, noted.")).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory, model_server):
    """A server whose interviewer is the OpenAI-compatible fake."""
    server = LiveServer(
        tmp_path_factory.mktemp("live-interview-openai"),
        overrides={
            "AI_PROVIDER": "openai",
            "OPENAI_BASE_URL": model_server.url,
            "OPENAI_MODEL": MODEL,
            "OPENAI_TIMEOUT_SECONDS": 10,
            "SCORING_WORKER": "manual",
        },
    ).start()
    yield server
    server.stop()


def test_openai_turns_stream_without_thoughts(
    page, screenshot, live_server, model_server
):
    model_server.reset()
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    model_server.script(
        Reply(
            chunks=GREETING_CHUNKS,
            reasoning=["private chain of thought"],
            chunk_delay=0.2,
        ),
        Reply(chunks=["<think>ok</think>Thanks, ", "that is clear."], chunk_delay=0.1),
    )
    record_room(page)
    enter_room(page, screenshot, scenario)
    greeting = wait_for_turn(page, 1)
    assert greeting == VISIBLE + "\n\n" + QUESTIONS[0]
    assert len(streamed_prefixes(page, 1, greeting)) >= 3
    expect_progress(page, "Question 1 of 2")
    screenshot(page, "03-greeting-done")

    answer(page, LONG_ANSWERS[0])
    second = wait_for_turn(page, 2)
    assert second == "Thanks, that is clear.\n\n" + QUESTIONS[1]
    transcript = page.locator("#transcript").inner_text()
    for hidden in ("think", "Greet Sam", "chain of thought"):
        assert hidden not in transcript
    requests = [r for r in model_server.requests if r.body.get("stream")]
    assert requests[0].body["model"] == MODEL
    assert requests[0].body["stream_options"] == {"include_usage": True}
    assert f"<candidate_answer>{LONG_ANSWERS[0]}</candidate_answer>" in (
        requests[1].prompt_text
    )
