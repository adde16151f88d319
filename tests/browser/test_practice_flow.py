"""A candidate signs up to practise, confirms the email from the console log,
practises three questions with the offline interviewer, and sees the feedback, the
stats and the skill gaps. Every practice page is photographed at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.live_server import LiveServer
from tests.support.mailbox import console_link

EMAIL = "pat.practice@example.com"
PASSWORD = "Practis3Daily"
ANSWERS = [
    "Last year I built a small booking API for a student society. I owned the "
    "design and the database, and about 300 students used it every week.",
    "First I would measure where the time goes, because guessing wastes effort. I "
    "would check the query plan with EXPLAIN, add an index on the customer and date "
    "columns, and remove N+1 queries. Then I would paginate the list and cache the "
    "first page. As a result the endpoint should stay fast as the table grows, and "
    "I would confirm it with the p95 latency before and after.",
    "I would put a queue between the two services and write each order to an outbox "
    "table in the same transaction as the order. A worker publishes it, and the "
    "consumer is idempotent by order id, so retries never process an order twice. "
    "Failed messages go to a dead-letter queue with an alarm, and we monitor the "
    "queue age.",
    "We had a disagreement about caching. I listened to my teammate, we agreed on "
    "criteria, ran a small test for two days and picked the option with lower "
    "latency. I committed to the decision and we shipped it that sprint.",
]


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A server whose offline interviewer streams quickly."""
    server = LiveServer(
        tmp_path_factory.mktemp("practice"),
        overrides={"AI_OFFLINE_CHUNK_DELAY_MS": 0},
    ).start()
    yield server
    server.stop()


def shoot(page, screenshot, name: str, reload: bool = True) -> None:
    """Desktop and phone screenshots of the current page (reloaded at each width, so
    charts are laid out for it), and the phone layout never scrolls sideways."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    if reload:
        page.reload()
    screenshot(page, f"{name}-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('body *')).filter(e => "
        "e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'))"
        ".slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + "
        "Math.round(e.getBoundingClientRect().right))"
    )
    assert width <= 390, f"{name} is {width} px wide on a phone: {wide}"
    page.set_viewport_size({"width": 1280, "height": 800})
    if reload:
        page.reload()


def finished_turns(page):
    return page.locator("#transcript .turn--interviewer:not(.turn--streaming)")


def wait_for_turn(page, count: int) -> None:
    expect(finished_turns(page)).to_have_count(count, timeout=20_000)
    expect(page.locator("#transcript .turn--streaming")).to_have_count(0)


def test_candidate_signs_up_practises_and_reviews(page, live_server, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Practise interviews").first.click()
    expect(page).to_have_url(re.compile(r"/practice/signup$"))
    shoot(page, screenshot, "signup")
    page.fill("#f-full_name", "Pat Practice")
    page.fill("#f-email", EMAIL)
    page.fill("#f-username", "pat")
    page.fill("#f-password", "weak")
    page.get_by_role("button", name="Start practising").click()
    expect(page.locator(".field--invalid")).to_have_count(1)
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Start practising").click()
    expect(page).to_have_url(re.compile(r"/practice/profile$"))

    page.goto(console_link(live_server.log(), EMAIL, "/verify-email/"))
    expect(page.locator(".flash--success")).to_contain_text(f"{EMAIL} is confirmed")
    expect(page).to_have_url(re.compile(r"/practice$"))

    page.goto("/practice/profile")
    page.fill("#f-target_role", "Backend engineer")
    page.select_option("#f-experience_level", "new_grad")
    page.get_by_label("Backend engineer").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".flash--success")).to_contain_text("profile is saved")
    shoot(page, screenshot, "profile")

    page.goto("/practice")
    shoot(page, screenshot, "dashboard-empty")
    page.select_option("#f-track", "backend")
    page.select_option("#f-company", "amazon")
    page.select_option("#f-difficulty", "medium")
    page.fill("#f-length", "3")
    page.get_by_role("button", name="Start practising").click()
    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+/room$"))
    wait_for_turn(page, 1)
    expect(finished_turns(page).first).to_contain_text("Pat")
    # Practice reads as practice: untimed (no timer), no hiring team.
    expect(finished_turns(page).first).to_contain_text("practice interviewer")
    expect(finished_turns(page).first).not_to_contain_text("hiring team")
    expect(page.locator("#room-timer")).to_have_count(0)
    expect(page.get_by_label("Read questions aloud")).not_to_be_checked()
    shoot(page, screenshot, "room", reload=False)
    # The warm-up and three questions; a follow-up gets the last answer again.
    turns = 1
    for text in ANSWERS + [ANSWERS[-1]] * 4:
        if page.locator("#finished").is_visible():
            break
        page.fill("#answer", text)
        expect(page.locator("#send")).to_be_enabled()
        page.locator("#answer").press("Enter")
        turns += 1
        wait_for_turn(page, turns)
    expect(page.locator("#finished")).to_be_visible(timeout=20_000)
    expect(page.locator("#transcript .turn--candidate")).to_have_count(turns - 1)
    shoot(page, screenshot, "room-finished", reload=False)
    page.get_by_role("button", name="See your feedback").click()

    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+$"))
    expect(page.locator("[data-testid=overall]")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator(".practice-answer")).to_have_count(3)
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()
    shoot(page, screenshot, "feedback")

    page.goto("/practice/stats")
    expect(page.locator("canvas[data-chart=trend]")).to_have_attribute(
        "data-chart-drawn", "true"
    )
    expect(page.locator(".an-tile").nth(1)).to_contain_text("1")
    shoot(page, screenshot, "stats")

    page.goto("/practice/skill-gaps")
    expect(page.get_by_role("heading", name="By competency")).to_be_visible()
    shoot(page, screenshot, "skill-gaps")

    page.goto("/practice/job-descriptions")
    page.fill("#f-title", "Backend engineer at Acme")
    page.fill("#f-text", "Python, PostgreSQL, queues and on-call for payments.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Backend engineer at Acme")).to_be_visible()
    shoot(page, screenshot, "job-descriptions")
    page.goto("/practice")
    shoot(page, screenshot, "dashboard")


def test_ending_a_practice_session_early_asks_first_and_gives_feedback(
    page, live_server, screenshot
):
    """The room's "End early" asks in the app's own dialog (never window.confirm);
    cancelling keeps the interview, confirming ends it with feedback on the answer
    given."""
    native = []
    page.on("dialog", lambda dialog: (native.append(dialog.message), dialog.dismiss()))
    # An account of its own: on PostgreSQL the suite empties the shared database
    # between tests, so the first test's account is gone by now.
    email = "robin.practice@example.com"
    page.goto("/practice/signup")
    page.fill("#f-full_name", "Robin Practice")
    page.fill("#f-email", email)
    page.fill("#f-username", "robin")
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Start practising").click()
    expect(page).to_have_url(re.compile(r"/practice/profile$"))
    page.goto(console_link(live_server.log(), email, "/verify-email/"))
    expect(page.locator(".flash--success")).to_contain_text(f"{email} is confirmed")
    page.goto("/practice")
    page.select_option("#f-track", "backend")
    page.fill("#f-length", "3")
    page.get_by_role("button", name="Start practising").click()
    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+/room$"))
    wait_for_turn(page, 1)
    # Answer the warm-up (and its follow-up, if any), then the first main question.
    turns, answered_main = 1, False
    for text in ANSWERS[1:]:
        on_warmup = "Question 1 " in page.locator("#room-progress").inner_text()
        page.fill("#answer", text)
        page.locator("#answer").press("Enter")
        turns += 1
        wait_for_turn(page, turns)
        if not on_warmup:
            answered_main = True
            break
    assert answered_main
    page.get_by_role("button", name="End early").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("feedback on the answers you have given")
    shoot(page, screenshot, "room-end-early-confirm", reload=False)
    dialog.get_by_role("button", name="Cancel").click()
    expect(page).to_have_url(re.compile(r"/room$"))
    page.get_by_role("button", name="End early").click()
    dialog.locator("button[value=confirm]").click()
    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+$"))
    expect(page.locator(".practice-answer")).to_have_count(1)
    assert native == []
