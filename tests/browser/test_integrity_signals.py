"""Integrity signals in Chromium: the candidate types answer 1, pastes answer 2 (a
real Ctrl+V from the clipboard) and types answer 3; the recruiter's report shows the
paste beside answer 2 only, as a plain fact, and the per-interview summary. The
recruiter then overrides answer 2's score, and the model card counts it."""

import re

import pytest

from tests.browser.test_live_interview import (
    QUESTIONS,
    candidate_turns,
    enter_room,
    record_room,
    wait_for_turn,
)
from tests.browser.test_results_flow import log_in
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

TYPED = "I keep a short runbook and I page the owner of the failing service."
PASTED = (
    "I would use a token bucket per API key stored in Redis, refilled by a Lua script "
    "so the check is atomic, and return 429 with a Retry-After header."
)


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("integrity")).start()
    yield server
    server.stop()


def send(page, *, typed: str | None = None, pasted: str | None = None) -> None:
    before = candidate_turns(page).count()
    box = page.locator("#answer")
    box.click()
    if pasted:
        page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
        box.press("ControlOrMeta+V")
        expect(box).to_have_value(pasted)
    else:
        box.press_sequentially(typed, delay=5)
    box.press("Enter")
    expect(candidate_turns(page)).to_have_count(before + 1)


def test_a_paste_into_answer_two_shows_on_answer_two_only(
    page, screenshot, live_server
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log, follow_up_budget=0
    )
    record_room(page)
    enter_room(page, screenshot, scenario)
    wait_for_turn(page, 1)
    send(page, typed=TYPED)
    wait_for_turn(page, 2)
    send(page, pasted=PASTED)
    wait_for_turn(page, 3)
    send(page, typed=TYPED)
    expect(page.locator("#finished")).to_be_visible()

    log_in(page, scenario)
    page.goto(f"/portal/interviews/{scenario.interview_id}")
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Candidate sessions")
    )
    panel.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(scenario.candidate_name)
    facts = page.locator(".rs-integrity")
    expect(facts).to_have_count(3)
    expect(facts.nth(0)).to_contain_text("nothing pasted")
    expect(facts.nth(1)).to_contain_text(
        re.compile(rf"Mostly pasted\s*pasted {len(PASTED)} of {len(PASTED)} characters")
    )
    expect(facts.nth(2)).to_contain_text("nothing pasted")
    expect(page.locator("#integrity-title")).to_be_visible()
    expect(page.locator(".rs-integrity-summary")).to_contain_text(
        f"{len(PASTED)} of {len(PASTED) + 2 * len(TYPED)} characters pasted"
    )

    # The recruiter overrides answer 2's score; the AI's score stays beside it.
    second = page.locator(".rs-thread").nth(1)
    second.get_by_text("Override this score").click()
    second.get_by_label("Your score (0-10)").fill("8")
    second.get_by_label("Reason").fill(
        "Pasted, but I asked them about it: they know it."
    )
    second.get_by_role("button", name="Save score").click()
    second = page.locator(".rs-thread").nth(1)
    expect(second.locator(".rs-override__scores")).to_contain_text("8.0")
    expect(second.locator(".rs-override__scores")).to_contain_text("AI score")
    expect(second.locator(".rs-override__reason")).to_contain_text("they know it")
    screenshot(page, "report-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "report-390")
    page.goto(f"/portal/interviews/{scenario.interview_id}/model-card")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Model card")
    expect(page.locator("#mc-agreement").locator("..").locator("..")).to_contain_text(
        "Questions re-scored by a recruiter"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "model-card-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "model-card-1280")
