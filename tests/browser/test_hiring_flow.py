"""The hiring pipeline in Chromium: a visitor applies on the public job board with a
PDF resume; the recruiter finds the application on the opening's pipeline board,
moves the card to "interview scheduled", and the AI interview invitation is in the
development mailbox."""

import re

import pytest

from app import create_app
from app.demo import DEMO_RECRUITER, seed_demo
from app.extensions import db
from tests.support.live_server import LiveServer
from tests.support.resumes import RESUME_LINES, text_pdf

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

APPLICANT = "Grace Hopper"
APPLICANT_EMAIL = "grace.hopper@example.org"


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A server with the development mailbox on, holding the demo's data."""
    workdir = tmp_path_factory.mktemp("hiring")
    server = LiveServer(workdir, overrides={"DEV_MAILBOX_DIR": str(workdir / "mail")})
    seeding = create_app("testing", SQLALCHEMY_DATABASE_URI=server.database_url)
    with seeding.app_context():
        db.create_all()
        server.opening_id = seed_demo()["opening"].id
        db.session.commit()
        db.engine.dispose()
    server.start()
    yield server
    server.stop()


def test_apply_then_schedule_the_ai_interview(page, live_server, screenshot):
    page.goto("/jobs")
    expect(page.get_by_role("heading", name="Find your next role")).to_be_visible()
    page.get_by_role("link", name="Senior Backend Engineer").click()
    page.fill("#f-name", APPLICANT)
    page.fill("#f-email", APPLICANT_EMAIL)
    page.fill("#f-location", "Berlin")
    page.set_input_files(
        "#f-resume",
        {
            "name": "grace.pdf",
            "mimeType": "application/pdf",
            "buffer": text_pdf(RESUME_LINES),
        },
    )
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".field__error")).to_contain_text("Consent is needed")
    page.set_input_files(
        "#f-resume",
        {
            "name": "grace.pdf",
            "mimeType": "application/pdf",
            "buffer": text_pdf(RESUME_LINES),
        },
    )
    page.get_by_label(re.compile("processes my application")).check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your application is in"
    )

    page.goto("/login")
    page.fill("#f-email", DEMO_RECRUITER["email"])
    page.fill("#f-password", DEMO_RECRUITER["password"])
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/portal$"))
    page.get_by_role("link", name="Openings").click()
    page.get_by_role("link", name="Senior Backend Engineer").click()
    card = page.locator(".app-card", has_text=APPLICANT)
    expect(card).to_be_visible()
    expect(card.locator(".score")).to_have_text(re.compile(r"^\d+$"))
    screenshot(page, "pipeline")
    card.get_by_role("button", name=f"Move {APPLICANT} to under review").click()
    card = page.locator(".app-card", has_text=APPLICANT)
    card.get_by_role("button", name=f"Move {APPLICANT} to interview scheduled").click()
    expect(
        page.locator(".flash", has_text="moved to interview scheduled")
    ).to_be_visible()
    column = page.locator(
        ".pipeline__column", has=page.locator("#col-interview_scheduled")
    )
    expect(column.locator(".app-card", has_text=APPLICANT)).to_be_visible()

    page.goto("/dev/mailbox")
    invitation = page.locator(".mailbox__item", has_text=APPLICANT_EMAIL).filter(
        has_text="Your interview for"
    )
    expect(invitation).to_have_count(1)
    confirmation = page.locator(".mailbox__item", has_text="Your application for")
    expect(confirmation.filter(has_text=APPLICANT_EMAIL)).to_have_count(1)
