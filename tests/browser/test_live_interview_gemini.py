"""The live interview in Chromium with the Gemini provider, against the local fake.

The model's words stream visibly into the page, the planned question follows verbatim,
and whatever the model writes is shown as text, never as markup.
"""

import pytest

from tests.browser.test_live_interview import (
    LONG_ANSWERS,
    answer,
    enter_room,
    expect_progress,
    finished_turns,
    record_room,
    streamed_prefixes,
    wait_for_turn,
)
from tests.fakes.gemini_server import FakeGemini, Reply
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

MODEL = "gemini-2.5-flash"
QUESTIONS = [
    "Walk me through how you would debug a slow SQL query.",
    "How do you decide what to log in a web service?",
]
GREETING_CHUNKS = [
    "Hello Sam, ",
    "I'm Alex, ",
    "an AI interviewer for Acme Robotics. ",
    "A person on the team reviews this conversation. ",
    "We have two questions today. ",
    "Let's begin.",
]
XSS = "<img src=x onerror=alert(1)>"

# True once the streaming bubble shows some of the model's words but not yet the last.
PARTIAL_TURN = """([first, last]) => {
  const text = document.querySelector("#transcript .turn--streaming .turn__text");
  return !!text && text.textContent.includes(first) && !text.textContent.includes(last);
}"""


@pytest.fixture(scope="module")
def gemini():
    fake = FakeGemini(
        api_key="fake-gemini-key", default=Reply(text="Thank you, that is clear.")
    ).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory, gemini):
    """A server whose interviewer is Gemini, served by the module's fake."""
    server = LiveServer(
        tmp_path_factory.mktemp("live-interview-gemini"),
        overrides={
            "AI_PROVIDER": "gemini",
            "GEMINI_API_KEY": gemini.api_key,
            "GEMINI_BASE_URL": gemini.url,
            "GEMINI_MODEL": MODEL,
            "GEMINI_TIMEOUT_SECONDS": 10,
            # These tests script the interviewer's turns: no scoring calls in between.
            "PAUSED_JOBS": ["score_answer", "finish_report"],
        },
    ).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_fake(gemini):
    """Each test scripts its own replies and sees only its own requests."""
    gemini.reset()
    yield
    gemini.reset()


def test_gemini_turns_stream_visibly_then_ask_the_planned_questions(
    page, screenshot, live_server, gemini
):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    gemini.script(
        Reply(chunks=GREETING_CHUNKS, chunk_delay=0.25),
        Reply(chunks=["Thanks, ", "that is a clear ", "example."], chunk_delay=0.1),
    )
    record_room(page)
    enter_room(page, screenshot, scenario)

    # Mid-stream: the first words are on screen, the last are not yet.
    page.wait_for_function(PARTIAL_TURN, arg=[GREETING_CHUNKS[0], GREETING_CHUNKS[-1]])
    typing = page.locator("#typing")
    expect(typing).to_be_visible()
    expect(typing).to_contain_text(f"{scenario.persona_name} is speaking")
    expect(page.locator("#send")).to_be_disabled()
    screenshot(page, "03-greeting-streaming")

    greeting = wait_for_turn(page, 1)
    assert greeting == "".join(GREETING_CHUNKS) + "\n\n" + QUESTIONS[0]
    assert len(streamed_prefixes(page, 1, greeting)) >= 4
    expect_progress(page, "Question 1 of 2")
    screenshot(page, "04-greeting-done")

    answer(page, LONG_ANSWERS[0])
    second = wait_for_turn(page, 2)
    assert second == "Thanks, that is a clear example.\n\n" + QUESTIONS[1]
    expect_progress(page, "Question 2 of 2")
    screenshot(page, "05-second-question")

    greeting_request, second_request = gemini.requests
    assert greeting_request.method == "streamGenerateContent"
    assert greeting_request.model == MODEL
    # The candidate's words reach the model only as delimited data.
    assert (
        f"<candidate_answer>{LONG_ANSWERS[0]}</candidate_answer>"
        in second_request.prompt_text
    )


def test_markup_from_the_model_is_shown_as_text(page, screenshot, live_server, gemini):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    gemini.script(
        Reply(chunks=["Welcome! ", "<img src=x ", "onerror=alert(1)>", " Shall we?"])
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    record_room(page)
    enter_room(page, screenshot, scenario)

    greeting = wait_for_turn(page, 1)
    assert greeting == f"Welcome! {XSS} Shall we?\n\n{QUESTIONS[0]}"
    expect(finished_turns(page).first.locator(".turn__text")).to_contain_text(XSS)
    expect(page.locator("#announcer")).to_contain_text(XSS)

    # The candidate's own markup is text too; the next turn proves the page lived on.
    answer(page, f"I would escape it: {XSS.replace('1', '2')} must stay text.")
    wait_for_turn(page, 2)
    expect(page.locator("#transcript img, #transcript script")).to_have_count(0)
    expect(page.locator("#announcer img")).to_have_count(0)
    screenshot(page, "03-markup-as-text")
    assert dialogs == []
