"""A refused answer loses nothing on the candidate's page: the server's reason (from
the socket's error envelope) shows under the box, and the text stays in it."""

import os

import pytest

from tests.browser.test_live_interview import (
    QUESTIONS,
    answer,
    candidate_turns,
    enter_room,
    wait_for_turn,
)
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A server that takes one answer per minute per interview, so the second is
    refused (RATE_LIMITED) the way any refusal reaches the page."""
    server = LiveServer(
        tmp_path_factory.mktemp("live-refusals"),
        overrides={"RATELIMIT_ANSWERS": "1 per minute"},
    ).start()
    yield server
    server.stop()


def test_a_refused_answer_shows_why_and_stays_in_the_box(page, screenshot, live_server):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log, follow_up_budget=1
    )
    enter_room(page, screenshot, scenario)
    wait_for_turn(page, 1)
    # A NUL pasted from somewhere is dropped by the page rather than refused.
    box = page.locator("#answer")
    box.fill("I would add\u0000 more logging.")
    assert "\u0000" in box.input_value()
    box.press("Enter")
    expect(candidate_turns(page)).to_have_count(1)
    expect(candidate_turns(page).last.locator(".turn__text")).to_have_text(
        "I would add more logging."
    )
    wait_for_turn(page, 2)

    refused = "I would read the traces first, then the deploy log."
    box.fill(refused)
    box.press("Enter")
    error = page.locator("#composer-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("Too many answers at once. Please wait.")
    expect(box).to_have_value(refused)
    expect(candidate_turns(page)).to_have_count(1)
    screenshot(page, "01-refused-desktop")
    page.set_viewport_size(PHONE)
    expect(error).to_be_in_viewport()
    screenshot(page, "02-refused-phone")
    if shots := os.environ.get("VIVA_SCREENSHOT_DIR"):  # what the phone shows
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.screenshot(path=f"{shots}/refused-phone-viewport.png")


def test_answers_sent_by_the_page_are_stored_whole(page, screenshot, live_server):
    """The box holds at most 20,000 characters, which the server stores whole."""
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    enter_room(page, screenshot, scenario)
    wait_for_turn(page, 1)
    assert page.get_attribute("#answer", "maxlength") == "20000"
    long_answer = ("I measured it. " * 1400)[:20_000].strip()
    answer(page, long_answer)
    wait_for_turn(page, 2)
