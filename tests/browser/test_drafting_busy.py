"""Drafting in Chromium: a new interview's rubric names the role's competencies on
one 0-10 scale, and the Generate button shows that it is working while it drafts."""

import os
import re
from pathlib import Path
from uuid import uuid4

from tests.browser.test_portal_flow import (
    confirm_email,
    create_product,
    flash,
    main,
    register,
)

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("VIVA_SCREENSHOT_DIR")


def close_up(locator, name: str) -> None:
    """A screenshot of one part of the page, kept when VIVA_SCREENSHOT_DIR is set."""
    if SHOTS:
        locator.screenshot(path=str(Path(SHOTS) / f"drafting-{name}.png"))


def create_payments_interview(page, screenshot) -> None:
    main(page).get_by_role("link", name="New interview").first.click()
    page.get_by_label("Role title").fill("Senior Payments Engineer")
    page.get_by_label("Seniority").select_option("senior")
    page.get_by_label("Skills").fill("python, postgresql, payments, api design")
    page.get_by_label("Job description").fill(
        "Own card payments, refunds, reconciliation and the ledger. Design reliable "
        "APIs for merchants; on call for incidents."
    )
    expect(page.get_by_text("drafted from the role when you create")).to_be_visible()
    close_up(page.locator("#scoring"), "new-interview-scoring")
    page.get_by_role("button", name="Create interview").click()
    expect(page).to_have_url(re.compile(r"/portal/interviews/\d+/edit$"))


def test_the_rubric_fits_the_role_and_generate_shows_it_is_working(
    page, live_server, screenshot
):
    suffix = uuid4().hex[:8]
    register(page, screenshot, suffix)
    confirm_email(page, screenshot, live_server.log(), f"rosa.{suffix}@example.com")
    create_product(page, screenshot, f"Paylane {suffix}", f"Fintech {suffix}")
    create_payments_interview(page, screenshot)

    scoring = page.locator("#scoring")
    expect(scoring).to_contain_text("Every score is out of 10")
    names = scoring.locator("input[name$='-name']")
    expect(names.first).to_have_value("Payments correctness")
    for generic in ("Relevance", "Completeness", "Accuracy", "Clarity"):
        expect(scoring.locator(f"input[value='{generic}']")).to_have_count(0)
    expect(scoring.get_by_role("columnheader", name="7-10 of 10 means")).to_be_visible()
    scoring.scroll_into_view_if_needed()
    screenshot(page, "rubric-drafted")
    close_up(scoring, "rubric")

    # Hold the submission in the page (a slow provider, as the recruiter sees it):
    # a listener added after drafting.js cancels the navigation, not its handler.
    form = page.locator("form.q-generate")
    form.evaluate("f => f.addEventListener('submit', e => e.preventDefault())")
    button = form.locator("button[type=submit]")
    page.get_by_label("How many").fill("4")
    button.click()
    expect(button).to_be_disabled()
    expect(button).to_have_text(re.compile("Drafting"))
    expect(button).to_have_attribute("aria-busy", "true")
    expect(form.locator("[data-busy-status]")).to_have_text(re.compile("Drafting"))
    page.locator(".q-toolbar").scroll_into_view_if_needed()
    screenshot(page, "generate-busy")
    close_up(page.locator(".q-toolbar"), "generate-busy")
    page.set_viewport_size(PHONE)
    page.locator(".q-toolbar").scroll_into_view_if_needed()
    screenshot(page, "generate-busy-phone")
    close_up(page.locator(".q-toolbar"), "generate-busy-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    # A second press while it works sends nothing more.
    form.evaluate("f => f.requestSubmit()")
    expect(button).to_be_disabled()
    with page.expect_navigation():
        form.evaluate("f => HTMLFormElement.prototype.submit.call(f)")

    expect(flash(page, "Drafted 4 questions.")).to_be_visible()
    expect(page.locator(".q-generate button[type=submit]")).to_be_enabled()
    expect(page.locator(".q-list .q-item").first).to_contain_text(
        re.compile("payment|charge|ledger|money", re.I)
    )
    page.set_viewport_size(PHONE)
    screenshot(page, "questions-drafted-phone")
