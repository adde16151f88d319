"""API keys and webhooks in the profile area, in Chromium: a key is created and shown
once, then works against the API; an endpoint is added, an event is delivered and
signed, and its delivery log shows it. Screenshots at 1280 and 390 px."""

import re

import pytest
import requests

from tests.browser.test_live_interview import enter_room, record_room, wait_for_turn
from tests.browser.test_results_flow import log_in
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

QUESTIONS = ["Tell me about a system you designed."]


@pytest.fixture(scope="module")
def receiver():
    server = WebhookReceiver().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    server = LiveServer(
        tmp_path_factory.mktemp("integrations"),
        overrides={"MAIL_SWEEP_SECONDS": 1, "SCORING_WORKER": "manual"},
    ).start()
    yield server
    server.stop()


def both_widths(page, screenshot, name):
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_keys_and_webhooks_from_the_profile(
    page, playwright_browser, screenshot, live_server, receiver
):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    log_in(page, scenario)
    page.goto("/profile/api-keys")
    page.get_by_label("Name").fill("Greenhouse sync")
    page.get_by_label("Write: also create, change and delete").check()
    page.get_by_role("button", name="Create key").click()
    key = page.locator("#secret-value").inner_text().strip()
    assert re.fullmatch(r"vk_[A-Za-z0-9_-]{40,}", key)
    both_widths(page, screenshot, "01-api-key-created")
    listed = requests.get(
        f"{live_server.url}/api/v1/interviews/{scenario.interview_id}",
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    assert listed.status_code == 200
    page.goto("/profile/api-keys")
    expect(page.locator(".key-list")).to_contain_text("Last used")
    expect(page.locator("#secret-value")).to_have_count(0)

    page.goto("/profile/webhooks")
    page.get_by_label("Receiver URL").fill(receiver.url)
    page.get_by_label("Description (optional)").fill("ATS")
    page.get_by_role("button", name="Add endpoint").click()
    receiver.secret = page.locator("#secret-value").inner_text().strip()
    both_widths(page, screenshot, "02-webhook-created")

    # The candidate starts: interview.started goes to the endpoint. The receiver
    # fails the first attempt, so the log shows a retry to send again by hand.
    receiver.script(500)
    candidate = playwright_browser.new_context(base_url=live_server.url)
    room = candidate.new_page()
    record_room(room)
    enter_room(room, lambda *args: None, scenario)
    wait_for_turn(room, 1)
    candidate.close()
    page.goto("/profile/webhooks")
    page.locator(".key-list__url").first.click()
    expect(page.locator(".delivery-log")).to_contain_text("HTTP 500")
    page.get_by_role("button", name="Send again").first.click()
    expect(page.locator(".delivery-log")).to_contain_text("Succeeded")
    page.locator(".delivery__payload summary").first.click()
    both_widths(page, screenshot, "03-webhook-detail")
    started = [r for r in receiver.received if r.json["type"] == "interview.started"]
    assert len(started) == 2 and all(r.verified for r in started)
    assert started[0].headers["webhook-id"] == started[1].headers["webhook-id"]
    assert started[0].json["data"]["candidate"]["name"] == scenario.candidate_name
