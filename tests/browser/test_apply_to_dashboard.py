"""From the public job board to the AI interview invitation, in Chromium, on the shared
server: a visitor applies to /jobs/<id> with a PDF resume made here; the recruiter sees
the application on the dashboard (/portal), opens the opening's board, moves the card
to "interview scheduled", and the invitation is in the console email.

The recruiter, their interview and the opening are made through the JSON API with an
account of this test's own (the shared database is emptied between tests)."""

import re
from uuid import uuid4

import requests

from tests.support.mailbox import parse_console
from tests.support.resumes import RESUME_LINES, text_pdf
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

TIMEOUT = 10


def _open_opening(live_server) -> tuple[object, dict]:
    """A registered recruiter with an active interview and an open opening using it."""
    scenario = create_interview_with_invite(
        live_server.url, ["How do you keep an API fast?"], server_log=live_server.log
    )
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {scenario.access_token}"
    api = f"{live_server.url}/api/v1"
    products = http.get(f"{api}/products", timeout=TIMEOUT)
    assert products.status_code == 200, products.text
    [product] = products.json()["items"]
    created = http.post(
        f"{api}/openings",
        json={
            "product_id": product["id"],
            "title": f"Platform Engineer {uuid4().hex[:6]}",
            "description": "Run the APIs behind our warehouse robots.",
            "company": "Acme Robotics",
            "location": "Berlin",
            "job_type": "full_time",
            "work_mode": "hybrid",
            "experience_level": "senior",
            "required_skills": ["Python", "PostgreSQL"],
            "status": "open",
            "interview_id": scenario.interview_id,
        },
        timeout=TIMEOUT,
    )
    assert created.status_code == 201, created.text
    return scenario, created.json()


def test_apply_see_it_on_the_dashboard_and_invite(page, live_server, screenshot):
    scenario, opening = _open_opening(live_server)
    applicant = f"Grace Hopper {uuid4().hex[:4]}"
    email = f"grace.{uuid4().hex[:8]}@example.org"

    page.goto(f"/jobs/{opening['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(opening["title"])
    page.fill("#f-name", applicant)
    page.fill("#f-email", email)
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
    page.get_by_label("Email").fill(scenario.recruiter_email)
    page.get_by_label("Password").fill(scenario.recruiter_password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/portal$"))
    waiting = page.locator("section", has=page.locator("#dash-applications"))
    expect(waiting.get_by_role("link", name=applicant)).to_be_visible()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Openings").first.click()
    page.get_by_role("link", name=opening["title"]).click()
    card = page.locator(".app-card", has_text=applicant)
    card.get_by_role("button", name=f"Move {applicant} to under review").click()
    card = page.locator(".app-card", has_text=applicant)
    card.get_by_role("button", name=f"Move {applicant} to interview scheduled").click()
    column = page.locator(
        ".pipeline__column", has=page.locator("#col-interview_scheduled")
    )
    expect(column.locator(".app-card", has_text=applicant)).to_be_visible()
    screenshot(page, "board")

    invitations = [
        mail
        for mail in parse_console(live_server.log())
        if mail.to == email and "/i/" in mail.text
    ]
    assert len(invitations) == 1, [mail.subject for mail in invitations]
    assert re.search(r"https?://\S+/i/[A-Za-z0-9_-]{20,}", invitations[0].text)
