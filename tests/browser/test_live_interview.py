"""A candidate's live interview in Chromium, with the offline interviewer.

From the invite link to the finished panel, and a reload in the middle that resumes.
The helpers here walk the candidate through the room; test_live_interview_gemini.py
reuses them with the Gemini provider.
"""

import re

import pytest

from app.ai.interviewer import DONT_KNOW_ACKNOWLEDGEMENTS, SHORT_FOLLOW_UPS
from tests.support.live_server import LiveServer
from tests.support.scenario import Scenario, create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

QUESTIONS = [
    "Tell me about a production incident you helped resolve.",
    "How would you design a rate limiter for a public API?",
    "What is your approach to testing a database migration?",
]
LONG_ANSWERS = [
    "Our checkout service started timing out on a Friday evening. I read the traces, "
    "found a missing index on the orders table after a deploy, added it concurrently "
    "and wrote a runbook so the on-call engineer could spot it next time.",
    "I would use a token bucket per API key stored in Redis, refill it with a Lua "
    "script so the check is atomic, return 429 with a Retry-After header, and watch "
    "the rejection rate on a dashboard before tightening the limits.",
    "I run the migration against a copy of production data first, time it, check the "
    "lock it takes, write a test for the data it transforms, and keep a reversible "
    "down step so the release can be rolled back without losing rows.",
]

# Records, in the page itself, what the candidate sees: each interviewer bubble's text
# while it streams, when its first text appeared and when Enter was pressed.
ROOM_RECORDER = """
(() => {
  const seen = (window.__room = { partials: {}, firstText: {}, enters: [] });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && event.target.id === "answer") {
      seen.enters.push(performance.now());
    }
  }, true);
  new MutationObserver(() => {
    for (const turn of document.querySelectorAll("#transcript .turn--interviewer")) {
      const seq = turn.dataset.seq;
      const text = turn.querySelector(".turn__text").textContent;
      if (text && !(seq in seen.firstText)) seen.firstText[seq] = performance.now();
      if (!turn.classList.contains("turn--streaming") || !text) continue;
      const partials = (seen.partials[seq] = seen.partials[seq] || []);
      if (partials[partials.length - 1] !== text) partials.push(text);
    }
  }).observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["class"],
  });
})();
"""


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A server whose offline interviewer streams word by word, 10 ms apart."""
    server = LiveServer(
        tmp_path_factory.mktemp("live-interview"),
        overrides={"AI_OFFLINE_CHUNK_DELAY_MS": 10},
    ).start()
    yield server
    server.stop()


# ---------------------------------------------------------------- helpers
def record_room(page) -> list[str]:
    """Install the recorder and return the list of main-frame URLs, kept up to date."""
    page.add_init_script(ROOM_RECORDER)
    urls = []
    page.on(
        "framenavigated",
        lambda frame: urls.append(frame.url) if frame == page.main_frame else None,
    )
    return urls


def enter_room(page, screenshot, scenario: Scenario) -> None:
    """Open the invite link, agree, press Start: the candidate lands in /interview."""
    page.goto(scenario.link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your interview for {scenario.role_title}"
    )
    screenshot(page, "01-welcome")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Continue").click()
    # The consent form posts to "#consent-form"; the redirect keeps that fragment.
    ready_url = rf"/i/{re.escape(scenario.token)}/ready(#consent-form)?$"
    expect(page).to_have_url(re.compile(ready_url))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"You're ready, {scenario.candidate_name}"
    )
    screenshot(page, "02-ready")
    page.get_by_role("button", name="Start the interview").click()
    expect(page).to_have_url(re.compile(r"/interview$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(scenario.role_title)
    expect(page.locator("#room-connection")).to_have_text("Connected")


def finished_turns(page):
    """Interviewer bubbles whose turn has ended."""
    return page.locator("#transcript .turn--interviewer:not(.turn--streaming)")


def candidate_turns(page):
    return page.locator("#transcript .turn--candidate")


def wait_for_turn(page, count: int) -> str:
    """Wait until `count` interviewer turns have ended and none streams; its text."""
    expect(finished_turns(page)).to_have_count(count)
    expect(page.locator("#transcript .turn--streaming")).to_have_count(0)
    expect(page.locator("#typing")).to_be_hidden()
    return finished_turns(page).last.locator(".turn__text").text_content()


def answer(page, text: str) -> None:
    """Type an answer and press Enter; it shows as the candidate's latest bubble."""
    before = candidate_turns(page).count()
    box = page.locator("#answer")
    box.fill(text)
    expect(page.locator("#send")).to_be_enabled()
    box.press("Enter")
    expect(candidate_turns(page)).to_have_count(before + 1)
    last = candidate_turns(page).last
    expect(last.locator(".turn__who")).to_have_text("You")
    expect(last.locator(".turn__text")).to_have_text(text.strip())
    expect(box).to_have_value("")


def transcript(page) -> list[tuple[str, str, str]]:
    """Every bubble as (seq, role class, text), in page order."""
    return page.eval_on_selector_all(
        "#transcript .turn",
        """items => items.map(item => [
          item.dataset.seq,
          item.classList.contains("turn--interviewer") ? "interviewer" : "candidate",
          item.querySelector(".turn__text").textContent,
        ])""",
    )


def streamed_prefixes(page, seq: int, final: str) -> list[str]:
    """The texts the bubble `seq` showed while streaming that were a strict prefix."""
    partials = page.evaluate(f"window.__room.partials['{seq}'] || []")
    return [text for text in partials if text != final and final.startswith(text)]


def expect_progress(page, text: str) -> None:
    expect(page.locator("#room-progress")).to_have_text(text)


def expect_latest_turn_in_view(page) -> None:
    """The newest bubble is on screen, above the sticky composer (not under it)."""
    page.wait_for_function(
        """() => {
          const last = document.querySelector("#transcript .turn:last-child");
          const composer = document.getElementById("composer");
          const header = document.querySelector(".site-header").getBoundingClientRect();
          const limit = composer && !composer.hidden
            ? composer.getBoundingClientRect().top : window.innerHeight;
          const box = last.getBoundingClientRect();
          return box.top >= header.bottom && box.bottom <= limit;
        }""",
        timeout=5000,
    )


# ---------------------------------------------------------------- tests
def test_candidate_takes_the_whole_interview_from_the_invite_link(
    page, screenshot, live_server
):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log, follow_up_budget=1
    )
    urls = record_room(page)

    page.goto(scenario.link)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".field:has([name='consent']) .field__error")).to_have_text(
        "Tick the box to agree before you continue."
    )
    screenshot(page, "00-welcome-consent-missing")
    enter_room(page, screenshot, scenario)
    started_at = len(urls) - 1

    # The participant cookie is HttpOnly and the token stays behind.
    cookie = next(c for c in page.context.cookies() if c["name"] == "viva_participant")
    assert cookie["httpOnly"]
    assert "viva_participant" not in page.evaluate("document.cookie")
    assert page.url == f"{live_server.url}/interview"

    # The greeting streams, then ends with the first question, verbatim.
    greeting = wait_for_turn(page, 1)
    assert greeting.startswith(
        f"Hi Sam, I'm {scenario.persona_name}, an AI interviewer for the "
        f"{scenario.role_title} role at {scenario.company}."
    )
    assert greeting.endswith("\n\n" + QUESTIONS[0])
    assert len(streamed_prefixes(page, 1, greeting)) >= 3
    expect_progress(page, "Question 1 of 3")
    expect(page.locator("#room-timer")).to_have_text(re.compile(r"^(30:00|29:\d\d)$"))
    expect(page.locator("#send")).to_be_disabled()
    screenshot(page, "03-room-greeting")

    # A short answer gets a follow-up on the same question.
    answer(page, "I would add more logging.")
    follow_up = wait_for_turn(page, 2)
    assert follow_up in SHORT_FOLLOW_UPS
    expect_progress(page, "Question 1 of 3")
    screenshot(page, "04-follow-up")

    answer(page, LONG_ANSWERS[0])
    assert wait_for_turn(page, 3).endswith("\n\n" + QUESTIONS[1])
    expect_progress(page, "Question 2 of 3")

    # "I don't know" moves on to the next question instead of following up.
    answer(page, "I don't know, I have never built one.")
    moved_on = wait_for_turn(page, 4)
    lead_in, _, asked = moved_on.partition("\n\n")
    assert lead_in in DONT_KNOW_ACKNOWLEDGEMENTS
    assert asked == QUESTIONS[2]
    expect_progress(page, "Question 3 of 3")
    expect_latest_turn_in_view(page)
    screenshot(page, "05-dont-know-moves-on")

    answer(page, LONG_ANSWERS[2])
    closing = wait_for_turn(page, 5)
    assert closing.startswith("Thank you, Sam. That's the end of the interview.")
    expect(page.locator("#finished")).to_be_visible()
    expect(page.locator("#finished")).to_contain_text("Your interview was received")
    expect(page.locator("#finished")).to_contain_text("What happens next")
    # The closing message is said once, by the interviewer; the card adds no thanks.
    said = page.locator("#transcript").inner_text()
    assert said.count("That's the end of the interview") == 1
    assert "Thank you" not in page.locator("#finished").inner_text()
    screenshot(page, "06-finished")
    expect(page.locator("#composer")).to_be_hidden()
    expect_progress(page, "Complete")
    expect(page.locator("#room-timer")).to_have_text("–")
    roles = [role for _seq, role, _text in transcript(page)]
    assert roles == ["interviewer", "candidate"] * 4 + ["interviewer"]
    screenshot(page, "06-finished")

    # Coming back after the end shows the final transcript and the finished panel.
    page.reload()
    expect(page.locator("#finished")).to_be_visible()
    expect(page.locator("#transcript .turn")).to_have_count(9)
    expect_progress(page, "Complete")
    screenshot(page, "07-finished-after-reload")

    # The optional rating at the end: three levels and a comment, then thanks.
    finished = page.locator("#finished")
    finished.get_by_label("Good", exact=True).check()
    comment = finished.get_by_label("Anything we should know? (optional)")
    comment.fill("Clear questions.")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "08-rating-phone")
    finished.get_by_role("button", name="Send feedback").click()
    thanks = page.get_by_role("heading", name="Thank you for your feedback")
    expect(thanks).to_be_visible()
    screenshot(page, "09-rating-thanks-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/interview")
    expect(page.locator("#finished")).to_contain_text("Thank you for rating")

    after_start = urls[started_at:]
    assert after_start and all(scenario.token not in url for url in after_start)
    assert page.url == f"{live_server.url}/interview"


def test_reload_mid_interview_restores_transcript_and_draft(
    page, screenshot, live_server
):
    scenario = create_interview_with_invite(
        live_server.url, QUESTIONS, server_log=live_server.log
    )
    record_room(page)
    enter_room(page, screenshot, scenario)
    wait_for_turn(page, 1)
    answer(page, LONG_ANSWERS[0])
    assert wait_for_turn(page, 2).endswith(QUESTIONS[1])

    # A two-line draft: Shift+Enter is a new line, not a send.
    box = page.locator("#answer")
    box.press_sequentially("First I would pick the algorithm.")
    box.press("Shift+Enter")
    box.press_sequentially("Then a token bucket in Redis per key.")
    draft = "First I would pick the algorithm.\nThen a token bucket in Redis per key."
    expect(box).to_have_value(draft)
    expect(candidate_turns(page)).to_have_count(1)
    before = transcript(page)
    screenshot(page, "03-draft-before-reload")

    page.reload()
    expect(page.locator("#room-connection")).to_have_text("Connected")
    expect(page.locator("#transcript .turn")).to_have_count(len(before))
    expect_progress(page, "Question 2 of 3")
    assert transcript(page) == before
    assert len({seq for seq, _role, _text in before}) == len(before)
    expect(box).to_have_value(draft)
    screenshot(page, "04-after-reload")

    # The interview goes on from where it stopped.
    box.press("Enter")
    expect(candidate_turns(page)).to_have_count(2)
    expect(candidate_turns(page).last.locator(".turn__text")).to_have_text(draft)
    assert wait_for_turn(page, 3).endswith("\n\n" + QUESTIONS[2])
    expect_progress(page, "Question 3 of 3")
    expect(page.locator("#transcript .turn")).to_have_count(len(before) + 2)
    session_id = page.get_attribute("#interview", "data-session-id")
    assert page.evaluate(f"localStorage.getItem('viva:draft:{session_id}')") is None
    screenshot(page, "05-continued")
