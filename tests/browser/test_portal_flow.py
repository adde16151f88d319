"""From a new recruiter account to a candidate who agreed to start, in Chromium.

The recruiter registers, creates a product (and its category), an interview, drafts
questions with the offline provider, approves them, activates the interview and invites
two candidates at once. The first candidate then opens the link the console email
backend printed, is refused without the consent box, ticks it, reaches the ready page.
"""

import re
from dataclasses import dataclass
from uuid import uuid4

import pytest

from tests.support.mailbox import console_link

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PASSWORD = "Sunrise2026ok"
ROLE = "Backend Engineer"
DRAFT_COUNT = 3
CONSENT_ERROR = "Tick the box to agree before you continue."
CONSENT_LABEL = re.compile(r"^I understand that my interviewer is an AI")


@dataclass
class Candidate:
    name: str
    email: str


@pytest.fixture
def candidate_page(page):
    """A second context in the same browser: no recruiter cookies, like a candidate's.

    An uncaught exception in its scripts fails the test at teardown, as for `page`.
    """
    context = page.context.browser.new_context(viewport=page.viewport_size)
    candidate = context.new_page()
    uncaught = []
    candidate.on("pageerror", lambda error: uncaught.append(f"uncaught: {error}"))
    yield candidate
    context.close()
    if uncaught:
        pytest.fail("a candidate page script raised:\n" + "\n".join(uncaught))


def flash(page, text: str):
    return page.locator(".flash", has_text=text)


def heading(page):
    return page.get_by_role("heading", level=1)


def main(page):
    return page.get_by_role("main")


def invitation_link(server_log: str, candidate: Candidate) -> str:
    """The /i/<token> link of the console-printed email addressed to `candidate`."""
    pattern = (
        rf"^To: {re.escape(candidate.name)} <{re.escape(candidate.email)}>$"
        r".*?^(http://127\.0\.0\.1:\d+/i/[A-Za-z0-9_-]+)$"
        r".*?^----- end of email -----$"
    )
    links = re.findall(pattern, server_log, flags=re.MULTILINE | re.DOTALL)
    assert len(links) == 1, f"expected one email to {candidate.email}:\n{server_log}"
    return links[0]


def register(page, screenshot, suffix: str) -> None:
    page.goto("/register")
    page.get_by_label("Full name").fill("Rosa Recruiter")
    page.get_by_label("Work email").fill(f"rosa.{suffix}@example.com")
    page.get_by_label("Username").fill(f"rosa-{suffix}")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(heading(page)).to_have_text("Today")
    expect(
        page.get_by_role("heading", name="Nothing needs you right now")
    ).to_be_visible()
    screenshot(page, "01-portal-home-empty")
    main(page).get_by_role("link", name="Go to your products").click()
    expect(heading(page)).to_have_text("Products")
    expect(page.get_by_role("heading", name="No products yet")).to_be_visible()
    screenshot(page, "01-portal-empty")


def confirm_email(page, screenshot, server_log: str, email: str) -> None:
    """Until the recruiter opens the emailed link, a banner asks for it."""
    banner = page.get_by_role("region", name="Confirm your email address")
    expect(banner).to_contain_text(email)
    page.goto(console_link(server_log, email, "/verify-email/"))
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(flash(page, f"Thank you: {email} is confirmed.")).to_be_visible()
    expect(banner).to_have_count(0)
    screenshot(page, "01b-email-confirmed")


def create_product(page, screenshot, company: str, category: str) -> None:
    main(page).get_by_role("link", name="Your products", exact=True).click()  # home
    main(page).get_by_role("link", name="New product").click()
    expect(page).to_have_url(re.compile(r"/portal/products/new$"))
    expect(heading(page)).to_have_text("New product")
    expect(page.get_by_label("Category", exact=True)).to_have_value("")
    page.get_by_label("Name").fill(company)
    page.get_by_label("Description").fill(
        "We build payment APIs in Python on PostgreSQL. A small, friendly team."
    )
    page.get_by_label("…or a new category").fill(category)
    screenshot(page, "02-product-form")
    page.get_by_role("button", name="Create product").click()

    expect(page).to_have_url(re.compile(r"/portal/products/\d+$"))
    expect(flash(page, f"Product “{company}” created.")).to_be_visible()
    expect(heading(page)).to_have_text(company)
    expect(page.locator(".page-header__subtitle")).to_have_text(category)
    expect(page.get_by_role("heading", name="No interviews yet")).to_be_visible()
    screenshot(page, "03-product-detail")

    # The new category exists now: the portal lists it with its one product.
    page.get_by_role("banner").get_by_role("link", name="Products").click()
    sidebar = page.get_by_role("complementary", name="Categories")
    expect(sidebar.get_by_role("link", name=category)).to_contain_text("1")
    expect(page.locator(".product-card")).to_have_count(1)
    expect(page.locator(".product-card")).to_contain_text(category)
    page.locator(".product-card").get_by_role("link", name=company).click()
    expect(heading(page)).to_have_text(company)


def create_interview(page, screenshot) -> None:
    main(page).get_by_role("link", name="New interview").first.click()
    expect(page).to_have_url(re.compile(r"/portal/products/\d+/interviews/new$"))
    expect(heading(page)).to_have_text("New interview")
    page.get_by_label("Role title").fill(ROLE)
    page.get_by_label("Skills").fill("python, sql")
    page.get_by_label("Job description").fill(
        "Design and run the REST APIs behind our payments product."
    )
    screenshot(page, "04-interview-form")
    page.get_by_role("button", name="Create interview").click()

    expect(page).to_have_url(re.compile(r"/portal/interviews/\d+/edit$"))
    expect(flash(page, "Interview created as a draft.")).to_be_visible()
    expect(heading(page)).to_have_text(ROLE)
    statusbar = page.locator(".iv-statusbar")
    expect(statusbar).to_contain_text("Draft")
    expect(statusbar).to_contain_text("0 approved")
    expect(page.get_by_role("button", name="Activate")).to_be_disabled()
    expect(page.locator("#questions").get_by_text("No questions yet")).to_be_visible()


def draft_and_approve_questions(page, screenshot) -> None:
    questions = page.locator(".q-list .q-item")
    page.get_by_label("How many").fill(str(DRAFT_COUNT))
    page.get_by_role("button", name="Generate questions").click()

    expect(flash(page, f"Drafted {DRAFT_COUNT} questions.")).to_be_visible()
    expect(questions).to_have_count(DRAFT_COUNT)
    expect(questions.filter(has_text="Draft · not asked")).to_have_count(DRAFT_COUNT)
    expect(page.locator(".iv-statusbar")).to_contain_text(
        f"{DRAFT_COUNT} drafts to review"
    )
    expect(
        page.get_by_text(f"{DRAFT_COUNT} drafts are not approved yet.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Activate")).to_be_disabled()
    screenshot(page, "05-questions-drafted")

    page.get_by_role("button", name="Approve all drafts").click()

    expect(flash(page, "Every draft is approved.")).to_be_visible()
    expect(questions).to_have_count(DRAFT_COUNT)
    expect(questions.filter(has_text="Approved")).to_have_count(DRAFT_COUNT)
    expect(questions.filter(has_text="Draft · not asked")).to_have_count(0)
    expect(page.locator(".iv-statusbar")).to_contain_text(f"{DRAFT_COUNT} approved")
    expect(page.get_by_role("button", name="Approve all drafts")).to_have_count(0)
    expect(page.get_by_role("button", name="Activate")).to_be_enabled()
    screenshot(page, "06-questions-approved")


def activate_interview(page, screenshot) -> None:
    page.get_by_role("link", name="View interview").click()
    expect(page).to_have_url(re.compile(r"/portal/interviews/\d+$"))
    title = page.locator(".iv-title")
    expect(title).to_contain_text(ROLE)
    expect(title.locator(".badge")).to_have_text("Draft")
    expect(page.locator(".page-header__subtitle")).to_contain_text(
        f"{DRAFT_COUNT} approved questions"
    )
    expect(page.locator(".q-list .q-item")).to_have_count(DRAFT_COUNT)
    expect(
        page.get_by_text("Activate the interview to invite candidates.")
    ).to_be_visible()
    screenshot(page, "07-interview-draft")

    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(re.compile(r"/portal/interviews/\d+$"))
    expect(
        flash(page, f"“{ROLE}” is active: invite candidates to take it.")
    ).to_be_visible()
    expect(title.locator(".badge")).to_have_text("Active")
    expect(page.get_by_role("button", name="Activate")).to_have_count(0)
    expect(page.get_by_role("button", name="Close")).to_be_visible()
    # The next step leads the page: inviting, before results and questions.
    expect(page.get_by_text("Next step: invite your first candidates")).to_be_visible()
    screenshot(page, "08-interview-active")


def invite_two_candidates(page, screenshot, candidates: list[Candidate]) -> None:
    ada, grace = candidates
    page.get_by_role("link", name="Invite candidates").click()
    expect(page).to_have_url(re.compile(r"/portal/interviews/\d+/invitations/new$"))
    expect(heading(page)).to_have_text("Invite candidates")
    page.get_by_label("Paste a list").fill(
        f"{ada.email}, {ada.name}\n{grace.name} <{grace.email}>\n"
    )
    page.get_by_role("button", name="Invite this list").click()

    report = page.get_by_role("region", name=re.compile(r"^Result:"))
    expect(report.get_by_role("heading")).to_have_text("Result: 2 rows read")
    expect(report.locator(".inv-report__summary")).to_have_text("2 invited")
    rows = report.locator("tbody tr")
    expect(rows).to_have_count(2)
    for index, candidate in enumerate(candidates):
        line = rows.nth(index)
        expect(line.locator("td").first).to_have_text(str(index + 1))
        expect(line).to_contain_text(candidate.name)
        expect(line).to_contain_text(candidate.email)
        expect(line).to_contain_text("Invited")
    screenshot(page, "09-invite-report")

    report.get_by_role("link", name="View invitations").click()
    expect(page).to_have_url(re.compile(r"/portal/interviews/\d+/invitations$"))
    expect(heading(page)).to_have_text("Invitations")
    filters = page.get_by_role("navigation", name="Filter by status")
    expect(filters.get_by_role("link", name="All")).to_have_text("All 2")
    expect(filters.get_by_role("link", name="Sent")).to_have_text("Sent 2")
    expect(filters.get_by_role("link", name="Pending")).to_have_text("Pending 0")
    expect(page.locator("tbody tr")).to_have_count(2)
    for candidate in candidates:
        row = invitation_row(page, candidate)
        expect(row.locator(".badge")).to_have_text("Sent")
        expect(row).to_contain_text(candidate.name)
        expect(row.locator(".inv-status__detail")).to_contain_text("Sent ")
    screenshot(page, "10-invitations-sent")


def invitation_row(page, candidate: Candidate):
    return page.locator("tbody tr", has_text=candidate.email)


def consent_as_candidate(
    page, screenshot, link: str, company: str, ada: Candidate
) -> None:
    page.goto(link)
    expect(page).to_have_url(link)
    expect(heading(page)).to_have_text(f"Your interview for {ROLE}")
    expect(page.locator(".candidate-card .eyebrow")).to_have_text(company)
    expect(page.get_by_role("banner")).to_contain_text(f"Interview with {company}")
    expect(page.locator(".candidate-lead")).to_contain_text(
        f"Hello {ada.name}, {company} has invited you"
    )
    questions_fact = page.locator(".fact", has_text="questions")
    expect(questions_fact.locator(".fact__value")).to_have_text(str(DRAFT_COUNT))
    consent = page.get_by_label(CONSENT_LABEL)
    expect(consent).not_to_be_checked()
    expect(page.get_by_text(CONSENT_ERROR)).to_have_count(0)
    screenshot(page, "11-candidate-welcome")

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{link}#consent-form")
    consent_error = page.locator(".field__error")
    expect(consent_error).to_have_text(CONSENT_ERROR)
    expect(consent_error).to_be_in_viewport()
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(consent).not_to_be_checked()
    # A full-page shot of a scrolled page paints the sticky header mid-page.
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "12-candidate-consent-refused")

    # Without consent the ready page sends the candidate back to the welcome page.
    page.goto(f"{link}/ready")
    expect(page).to_have_url(link)
    expect(heading(page)).to_have_text(f"Your interview for {ROLE}")

    consent.check()
    page.get_by_role("button", name="Continue").click()

    # The form posts to "#consent-form"; the browser keeps that fragment on redirect.
    expect(page).to_have_url(re.compile(rf"^{re.escape(link)}/ready(#consent-form)?$"))
    expect(heading(page)).to_have_text(f"You're ready, {ada.name}")
    expect(page.locator(".candidate-lead")).to_have_text(
        f"Thank you for agreeing. Your interview for {ROLE} at {company} starts "
        "when you press the button."
    )
    expect(page.get_by_text(f"for {DRAFT_COUNT} questions")).to_be_visible()
    expect(page.get_by_role("button", name="Start the interview")).to_be_visible()
    screenshot(page, "13-candidate-ready")

    # Consent is kept: the link now goes straight to the ready page.
    page.goto(link)
    expect(page).to_have_url(f"{link}/ready")


def test_recruiter_invites_two_candidates_and_the_first_consents(
    page, candidate_page, live_server, screenshot
):
    suffix = uuid4().hex[:8]
    company = f"Northwind Payments {suffix}"
    ada = Candidate("Ada Lovelace", f"ada.{suffix}@example.com")
    grace = Candidate("Grace Hopper", f"grace.{suffix}@example.com")

    register(page, screenshot, suffix)
    confirm_email(page, screenshot, live_server.log(), f"rosa.{suffix}@example.com")
    create_product(page, screenshot, company, category=f"Engineering {suffix}")
    create_interview(page, screenshot)
    draft_and_approve_questions(page, screenshot)
    activate_interview(page, screenshot)
    invite_two_candidates(page, screenshot, [ada, grace])

    link = invitation_link(live_server.log(), ada)
    consent_as_candidate(candidate_page, screenshot, link, company, ada)

    # The recruiter sees that the first candidate opened the link and agreed.
    page.reload()
    filters = page.get_by_role("navigation", name="Filter by status")
    expect(filters.get_by_role("link", name="Opened")).to_have_text("Opened 1")
    expect(filters.get_by_role("link", name="Sent")).to_have_text("Sent 1")
    ada_row = invitation_row(page, ada)
    expect(ada_row.locator(".badge")).to_have_text("Opened")
    expect(ada_row.locator(".inv-status__detail").last).to_have_text("Agreed to start")
    expect(invitation_row(page, grace).locator(".badge")).to_have_text("Sent")
    screenshot(page, "14-invitations-after-consent")
