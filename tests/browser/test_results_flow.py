"""From a finished interview to a decision, in Chromium: the candidate answers every
question, then the recruiter opens the scored report (evidence highlighted in the
answers), sets the stage with a note, and sees it on the candidates list."""

import re

import pytest

from tests.browser.test_live_interview import (
    LONG_ANSWERS,
    QUESTIONS,
    answer,
    enter_room,
    record_room,
    wait_for_turn,
)
from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A server with the offline interviewer and evaluator (scoring inline)."""
    server = LiveServer(tmp_path_factory.mktemp("results-flow")).start()
    yield server
    server.stop()


def take_the_interview(page, screenshot, scenario) -> None:
    record_room(page)
    enter_room(page, screenshot, scenario)
    wait_for_turn(page, 1)
    for number, text in enumerate(LONG_ANSWERS, start=2):
        answer(page, text)
        wait_for_turn(page, number)
    expect(page.locator("#finished")).to_be_visible()
    screenshot(page, "03-candidate-finished")


def log_in(page, scenario) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(scenario.recruiter_email)
    page.get_by_label("Password").fill(scenario.recruiter_password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/portal$"))


def test_recruiter_reads_the_scored_report_and_decides(
    page, playwright_browser, screenshot, live_server
):
    scenario = create_interview_with_invite(
        live_server.url,
        QUESTIONS,
        server_log=live_server.log,
        follow_up_budget=0,
        candidate_name="Sam Candidate",
    )
    take_the_interview(page, screenshot, scenario)

    context = playwright_browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=live_server.url
    )
    recruiter = context.new_page()
    errors = []
    recruiter.on("pageerror", lambda error: errors.append(str(error)))
    log_in(recruiter, scenario)

    # The interview page lists the session with its score and a new-result marker.
    recruiter.goto(f"/portal/interviews/{scenario.interview_id}")
    panel = recruiter.locator(
        "section", has=recruiter.get_by_role("heading", name="Candidate sessions")
    )
    expect(panel).to_contain_text("Sam Candidate")
    expect(panel).to_contain_text("New result")
    screenshot(recruiter, "04-interview-page")
    panel.get_by_role("link", name="Report").click()

    # The report: scored, an overall score, a recommendation, evidence highlighted.
    expect(recruiter.get_by_role("heading", level=1)).to_have_text("Sam Candidate")
    expect(recruiter.locator(".page-header .badge")).to_have_text("Scored")
    overall = recruiter.locator(".rs-headline .rs-overall__value").text_content()
    assert 0 < float(overall) <= 100
    expect(recruiter.locator(".rs-headline__rec .badge")).to_have_text(
        re.compile(r"^(Advance|Consider|Do not advance)$")
    )
    threads = recruiter.locator(".rs-thread")
    expect(threads).to_have_count(3)
    for index in range(3):
        panel = threads.nth(index).locator(".rs-panel")
        expect(panel.locator(".rs-panel__overall")).to_contain_text("/10")
    # The questions have no key points here, so the offline evaluator judges by the
    # question's words: the incident story shares none and has no evidence to quote.
    marks = recruiter.locator(".rs-message--candidate mark.rs-evidence")
    assert threads.nth(1).locator("mark.rs-evidence").count() >= 1
    assert threads.nth(2).locator("mark.rs-evidence").count() >= 1
    for text in marks.all_text_contents():
        assert any(text in said for said in LONG_ANSWERS), text
    screenshot(recruiter, "05-report")

    # The decision: advance, with a note; the page confirms and keeps it.
    stage = recruiter.locator("#stage")
    stage.get_by_label("Advance").check()
    stage.get_by_label("Note").fill("Clear incident story; strong on rate limits.")
    stage.get_by_role("button", name="Save decision").click()
    expect(recruiter.locator(".flash--success")).to_have_text(
        "Sam Candidate: stage set to Advance."
    )
    expect(recruiter.locator("#stage .card-header .badge")).to_have_text("Advance")
    expect(stage.get_by_label("Note")).to_have_value(
        "Clear incident story; strong on rate limits."
    )
    screenshot(recruiter, "06-stage-set")

    # The candidates list: the stage shows, and the result is no longer new.
    recruiter.goto(f"/portal/interviews/{scenario.interview_id}/candidates")
    row = recruiter.locator("tbody tr", has_text="Sam Candidate")
    expect(row).to_contain_text("Advance")
    expect(row.locator(".rs-new")).to_have_count(0)
    screenshot(recruiter, "07-candidates")

    recruiter.get_by_role("link", name=QUESTIONS[1]).click()
    expect(recruiter.get_by_role("heading", level=1)).to_have_text("Compare answers")
    expect(recruiter.locator(".rs-compare__item")).to_have_count(1)
    screenshot(recruiter, "08-compare")

    recruiter.goto(
        recruiter.url.split("/portal/")[0] + "/portal/interviews/"
        f"{scenario.interview_id}/candidates"
    )
    row.get_by_role("link", name="Report").click()
    recruiter.get_by_role("link", name="Printable report").click()
    expect(recruiter.locator("[data-print]")).to_be_visible()
    recruiter.emulate_media(media="print")
    expect(recruiter.locator(".site-header")).to_be_hidden()
    screenshot(recruiter, "09-print")
    context.close()
    assert errors == []
