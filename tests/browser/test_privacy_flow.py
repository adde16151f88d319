"""Data subject requests in Chromium: a candidate asks for their data from the link in
the invitation email and downloads it; a recruiter erases a candidate from the report.
Screenshots of the new pages at 1280 and 390 px wide."""

import io
import json
import re
import time
import zipfile

from tests.browser.test_live_interview import QUESTIONS, enter_room, wait_for_turn
from tests.browser.test_results_flow import log_in
from tests.support.mailbox import console_link, parse_console
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PHONE = {"width": 390, "height": 844}


def _candidate_email(scenario) -> str:
    suffix = scenario.recruiter_email.split("@")[0].removeprefix("rita.")
    return f"sam.{suffix}@example.com"


def _link(live_server, to: str, path: str, timeout: float = 10.0) -> str:
    """The link to `path` in the last email to `to` the server printed (jobs send
    them in the background, so wait for it)."""
    deadline = time.monotonic() + timeout
    while True:
        mails = [m for m in parse_console(live_server.log()) if m.to == to]
        if any(path in m.text for m in mails) or time.monotonic() > deadline:
            return console_link(live_server.log(), to, path)
        time.sleep(0.2)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width}px)"


def _both_widths(page, screenshot, name: str) -> None:
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_candidate_downloads_their_data_from_the_invitation_email(
    page, screenshot, live_server
):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    email = _candidate_email(scenario)
    _link(live_server, email, "/i/")  # the invitation email went out
    [invitation_mail] = [m for m in parse_console(live_server.log()) if m.to == email]
    privacy = re.search(r"https?://\S+/privacy(?=\s)", invitation_mail.text).group(0)
    page.goto(privacy)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    _both_widths(page, screenshot, "01-privacy-request")
    page.get_by_label("Your email").fill(email)
    page.get_by_label("What would you like?").select_option("export")
    page.get_by_role("button", name="Email me a confirmation link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    _both_widths(page, screenshot, "02-privacy-sent")

    page.goto(_link(live_server, email, "/privacy/confirm/"))
    _both_widths(page, screenshot, "03-privacy-confirm")
    page.get_by_role("button", name="Confirm my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request confirmed")
    _both_widths(page, screenshot, "04-privacy-confirmed")

    page.goto(_link(live_server, email, "/privacy/download/"))
    _both_widths(page, screenshot, "05-privacy-download")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the ZIP file").click()
    content = downloading.value.path().read_bytes()
    data = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("data.json"))
    [item] = data["records"]["invitations"]
    assert (item["email"], item["name"]) == (email, scenario.candidate_name)

    page.get_by_role("button", name="Download the ZIP file").click()  # used once
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This link no longer works"
    )


def test_a_recruiter_erases_a_candidate(
    page, playwright_browser, screenshot, live_server
):
    scenario = create_interview_with_invite(
        live_server.url,
        QUESTIONS,
        server_log=live_server.log,
        candidate_name="Erin Erased",
    )
    enter_room(page, lambda *_args: None, scenario)
    wait_for_turn(page, 1)

    context = playwright_browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=live_server.url
    )
    recruiter = context.new_page()
    log_in(recruiter, scenario)
    recruiter.goto(f"/portal/interviews/{scenario.interview_id}/candidates")
    recruiter.get_by_role("link", name="Erin Erased").first.click()
    panel = recruiter.locator("#privacy")
    expect(panel).to_contain_text("Removed automatically on")
    expect(panel).to_contain_text("AI interview notice: given")
    _both_widths(recruiter, screenshot, "06-report-privacy-panel")
    panel.get_by_role("button", name="Erase data").click()
    dialog = recruiter.locator("dialog.confirm-dialog")
    expect(dialog).to_contain_text("Erase Erin Erased's personal data?")
    screenshot(recruiter, "07-erase-confirm")
    dialog.get_by_role("button", name="Erase data").click()
    expect(recruiter.get_by_role("heading", level=1)).to_have_text("Erased candidate")
    expect(recruiter.locator("#privacy")).to_contain_text("Removed on")
    _both_widths(recruiter, screenshot, "08-report-erased")
    mails = parse_console(live_server.log())
    assert "Your data has been erased" in [
        m.subject for m in mails if m.to == _candidate_email(scenario)
    ]
    context.close()


def test_a_practice_account_exports_its_own_data_from_the_profile(
    page, screenshot, live_server
):
    email = f"polly.{int(time.time() * 1000)}@example.com"
    page.goto("/practice/signup")
    page.fill("#f-full_name", "Polly Profile")
    page.fill("#f-email", email)
    page.fill("#f-username", f"polly{int(time.time() * 1000) % 10**8}")
    page.fill("#f-password", "Practice-1234")
    page.get_by_role("button", name="Start practising").click()
    expect(page).to_have_url(re.compile(r"/practice/profile$"))
    panel = page.locator("#your-data")
    expect(panel).to_contain_text(email)
    _both_widths(page, screenshot, "09-profile-your-data")
    panel.get_by_role("button", name="Send me a copy of my data").click()
    expect(page.locator(".flash--success")).to_contain_text("Check your email")
    _both_widths(page, screenshot, "10-profile-request-sent")

    page.goto(_link(live_server, email, "/privacy/confirm/"))
    page.get_by_role("button", name="Confirm my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request confirmed")
    page.goto(_link(live_server, email, "/privacy/download/"))
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the ZIP file").click()
    content = downloading.value.path().read_bytes()
    data = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("data.json"))
    [account] = data["records"]["account"]
    assert (account["profile"]["email"], account["profile"]["full_name"]) == (
        email,
        "Polly Profile",
    )
