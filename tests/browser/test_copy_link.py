"""In Chromium: a recruiter copies a candidate's link from the invitations list, after
the app's own confirmation dialog (not the browser's confirm()), and the link works."""

import re

from tests.browser.test_live_interview import QUESTIONS
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None


def test_copy_a_new_link_from_the_invitations_list(page, screenshot, live_server):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_dialogs = []
    page.on("dialog", lambda dialog: (browser_dialogs.append(1), dialog.dismiss()))
    page.goto("/login")
    page.get_by_label("Email").fill(scenario.recruiter_email)
    page.get_by_label("Password").fill(scenario.recruiter_password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/portal$"))

    page.goto(f"/portal/interviews/{scenario.interview_id}/invitations")
    page.get_by_role("button", name="Copy a new link").click()
    confirm = page.get_by_role("dialog")
    expect(confirm).to_contain_text("The link in any email already sent stops working")
    screenshot(page, "01-confirm")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/invitations$"))

    page.get_by_role("button", name="Copy a new link").click()
    confirm.get_by_role("button", name="Copy a new link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A new link for")
    link = page.get_by_label(re.compile("Link for")).input_value()
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    screenshot(page, "02-new-link")
    assert browser_dialogs == []

    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your interview for {scenario.role_title}"
    )
    page.goto(scenario.link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is not valid")
