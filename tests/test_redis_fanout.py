"""Two production processes sharing Redis: a recruiter watching on process B sees the
stream of a candidate interviewed on process A, chunk by chunk and in order; and Redis
stopping and starting again mid-interview does not break the interview.

Both processes run gunicorn's gevent worker with production configuration on one
database (a SQLite file, or a throwaway PostgreSQL database when TEST_DATABASE_URL is
set). The fan-out test uses TEST_REDIS_URL with a channel of its own; the restart test
starts a private redis-server, since stopping the shared one would disturb other tests.
"""

import shutil
import uuid

import pytest

from tests.support import services
from tests.support.fanout import (
    QUESTIONS,
    PrivateRedis,
    fanout_database,
    seed_session,
    two_processes,
)
from tests.support.socket_client import InterviewClient

pytestmark = pytest.mark.live_server


@pytest.fixture
def database_url(tmp_path):
    with fanout_database(tmp_path) as url:
        yield url


def deltas_by_turn(history) -> dict[int, list[dict]]:
    turns: dict[int, list[dict]] = {}
    for name, data in history:
        if name == "turn_delta":
            turns.setdefault(data["seq"], []).append(data)
    return turns


def assert_stream_complete(history, seqs: list[int]) -> dict[int, str]:
    """Every listed turn arrived as contiguous deltas, in order, ending in its text."""
    deltas = deltas_by_turn(history)
    ends = {
        d["message"]["seq"]: d["message"]["text"] for n, d in history if n == "turn_end"
    }
    texts = {}
    for seq in seqs:
        offset, text = 0, ""
        for delta in deltas.get(seq, []):
            assert delta["offset"] == offset, (seq, delta, offset)
            text += delta["text"]
            offset += len(delta["text"])
        assert text.strip() == ends[seq], (seq, text, ends.get(seq))
        texts[seq] = text
    return texts


def take_turn(candidate: InterviewClient, text: str, answer_seq: int) -> None:
    ack = candidate.answer(f"answer-{answer_seq}", text)
    assert ack["ok"] and ack["seq"] == answer_seq, ack
    candidate.wait_for(
        "turn_end", timeout=30, where=lambda d: d["message"]["seq"] == answer_seq + 1
    )


def interviewer_seqs(questions: int) -> list[int]:
    # greeting+Q1 (1), then each answer (even seq) is followed by the next turn (odd).
    return [1 + 2 * n for n in range(questions + 1)]


@pytest.mark.skipif(not services.REDIS_URL, reason="needs TEST_REDIS_URL")
def test_watcher_on_another_process_sees_every_chunk_in_order(tmp_path, database_url):
    channel = f"viva-test-{uuid.uuid4().hex}"
    with two_processes(tmp_path, database_url, services.REDIS_URL, channel) as (a, b):
        session_id, candidate_cookie, portal = seed_session(database_url)
        watcher = InterviewClient(b.url, cookies=portal, auth={"watch": session_id})
        watcher.connect()
        watcher.wait_for("state")
        candidate = InterviewClient(a.url, candidate_cookie).connect()
        try:
            candidate.wait_for("turn_end", timeout=30)
            for n in range(QUESTIONS):
                take_turn(candidate, f"My answer number {n + 1}.", 2 + 2 * n)
            candidate.wait_for("completed", timeout=30)
            watcher.wait_for("completed", timeout=30)
        finally:
            candidate.close()
            watcher.close()

    seqs = interviewer_seqs(QUESTIONS)
    seen_by_candidate = assert_stream_complete(candidate.history, seqs)
    seen_by_watcher = assert_stream_complete(watcher.history, seqs)
    assert seen_by_watcher == seen_by_candidate
    # The watcher got the very same chunks, not merely the same final text.
    assert deltas_by_turn(watcher.history) == deltas_by_turn(candidate.history)
    stored = [d["message"]["seq"] for n, d in watcher.history if n == "answer_stored"]
    assert stored == [2 + 2 * n for n in range(QUESTIONS)]


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_interview_survives_redis_restart_and_watcher_catches_up(
    tmp_path, database_url
):
    private = PrivateRedis(tmp_path).start()
    channel = "viva-restart"
    try:
        with two_processes(tmp_path, database_url, private.url, channel) as (a, b):
            session_id, candidate_cookie, portal = seed_session(database_url)
            watcher = InterviewClient(b.url, cookies=portal, auth={"watch": session_id})
            watcher.connect()
            # A process subscribes when its first client connects.
            private.wait_for_subscribers(channel, 1)
            candidate = InterviewClient(a.url, candidate_cookie).connect()
            try:
                private.wait_for_subscribers(channel, 2)
                candidate.wait_for("turn_end", timeout=30)
                watcher.wait_for("turn_end", timeout=30)  # relayed while Redis is up

                private.stop()  # Redis goes away mid-interview
                take_turn(candidate, "Answered while Redis is down.", 2)
                caught_up = watcher.resume(last_seq=1)  # B reads the database
                assert [m["seq"] for m in caught_up["messages"]] == [2, 3]

                private.start()
                private.wait_for_subscribers(channel, 2)
                take_turn(candidate, "Answered after Redis came back.", 4)
                watcher.wait_for(
                    "turn_end", timeout=30, where=lambda d: d["message"]["seq"] == 5
                )
                for n in range(2, QUESTIONS):
                    take_turn(candidate, f"Answer {n + 1}.", 2 + 2 * n)
                candidate.wait_for("completed", timeout=30)
            finally:
                candidate.close()
                watcher.close()
    finally:
        private.stop()

    # The candidate saw every turn whole, the one during the outage included.
    assert_stream_complete(candidate.history, interviewer_seqs(QUESTIONS))
    assert not [e for e in candidate.history if e[0] == "error"]
    # The watcher missed the outage's turn live but got the ones after it, whole.
    assert 3 not in deltas_by_turn(watcher.history)
    assert_stream_complete(watcher.history, [1, 5])
