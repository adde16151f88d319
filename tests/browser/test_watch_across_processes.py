"""A recruiter watching in Chromium on process B while the candidate is on process A.

Redis relays the stream; when Redis goes away the watch page catches up from the
database (it resyncs through its own process), and when Redis is back the stream is
live again, to the end of the interview.
"""

import shutil

import pytest

from tests.support.fanout import (
    QUESTIONS,
    PrivateRedis,
    fanout_database,
    seed_session,
    two_processes,
)
from tests.support.socket_client import InterviewClient

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs redis-server"
)


def turn(page, seq: int):
    return page.locator(f'#transcript li[data-seq="{seq}"]')


def answer(candidate: InterviewClient, seq: int, text: str) -> None:
    assert candidate.answer(f"answer-{seq}", text)["ok"]
    candidate.wait_for(
        "turn_end", timeout=30, where=lambda d: d["message"]["seq"] == seq + 1
    )


def test_watch_page_catches_up_while_redis_is_away(
    playwright_browser, tmp_path, screenshot
):
    private = PrivateRedis(tmp_path).start()
    try:
        with (
            fanout_database(tmp_path) as database_url,
            two_processes(tmp_path, database_url, private.url, "viva-watch") as (a, b),
        ):
            session_id, candidate_cookie, portal = seed_session(database_url)
            context = playwright_browser.new_context(base_url=b.url)
            context.add_cookies(
                [{"name": k, "value": v, "url": b.url} for k, v in portal.items()]
            )
            page = context.new_page()
            page.goto(f"/portal/sessions/{session_id}/watch")
            expect(page.locator("#room-connection")).to_have_text("Connected")
            private.wait_for_subscribers("viva-watch", 1)
            candidate = InterviewClient(a.url, candidate_cookie).connect()
            try:
                expect(turn(page, 1)).to_contain_text("Question 1?", timeout=20_000)

                private.stop()
                answer(candidate, 2, "I answered while Redis was away.")
                # Nothing relayed it: the page resyncs from B's database (every 10 s;
                # a loaded CI machine can take more than two rounds).
                expect(turn(page, 3)).to_contain_text("Question 2?", timeout=35_000)
                expect(turn(page, 2)).to_contain_text("while Redis was away")
                screenshot(page, "caught-up")

                private.start()
                private.wait_for_subscribers("viva-watch", 2)
                answer(candidate, 4, "And this one after it came back.")
                expect(turn(page, 5)).to_contain_text("Question 3?", timeout=10_000)
                for seq in range(6, 2 * QUESTIONS + 1, 2):
                    answer(candidate, seq, f"Answer {seq}.")
                candidate.wait_for("completed", timeout=30)
                expect(page.locator("#finished")).to_be_visible(timeout=10_000)
                screenshot(page, "finished")
                assert page.locator("#transcript li").count() == 2 * QUESTIONS + 1
            finally:
                candidate.close()
                context.close()
    finally:
        private.stop()
