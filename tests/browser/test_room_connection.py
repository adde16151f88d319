"""The interview room says why it cannot connect and what to do, instead of spinning.

The server accepts Socket.IO only from another origin (as when PUBLIC_BASE_URL names a
different address than the one in the browser): the candidate's room must explain the
refusal and point to the invitation email.
"""

import re

import pytest

from tests.browser.test_live_interview import QUESTIONS
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

ELSEWHERE = "http://viva.elsewhere.example"


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A server whose Socket.IO accepts only ELSEWHERE as the page's origin."""
    server = LiveServer(
        tmp_path_factory.mktemp("room-origin"),
        overrides={"SOCKETIO_CORS_ORIGINS": [ELSEWHERE]},
    ).start()
    yield server
    server.stop()


def test_a_refused_origin_is_explained_with_what_to_do(page, screenshot, live_server):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    page.goto(scenario.link)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Start the interview").click()
    expect(page).to_have_url(re.compile(r"/interview$"))

    trouble = page.get_by_role("alert").filter(has_text="does not accept")
    expect(trouble).to_be_visible()
    expect(trouble).to_contain_text(ELSEWHERE)
    expect(trouble).to_contain_text("invitation email")
    expect(page.locator("#room-connection")).to_have_text("Refused")
    screenshot(page, "room-origin-refused")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "room-origin-refused-390")
