"""Time from sending an answer to the first interviewer text, offline provider.

Starts a Viva server process (testing config, offline interviewer at its default pacing
of AI_OFFLINE_CHUNK_DELAY_MS=30), creates an interview through the API, and has one
candidate answer every question over Socket.IO (WebSocket). Prints answer-ack and
first-text latencies. Run: `.venv/bin/python bench/answer_latency.py [--interviews N]`.
"""

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where bench/http.py would shadow
# the standard library's `http`: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import statistics
import tempfile
import time

from tests.support.live_server import LiveServer
from tests.support.scenario import create_interview_with_invite
from tests.support.socket_client import InterviewClient

QUESTIONS = [f"Question {n}: tell me about a system you designed." for n in range(1, 7)]
ANSWER = (
    "I designed a job queue with retries, idempotent handlers, metrics for queue depth "
    "and latency, and dashboards; we cut failed jobs by half and could trace every run."
)


def participant_cookie(base_url: str, link: str) -> str:
    """Consent and press Start like a browser; return the participant cookie."""
    import re

    import requests

    browser = requests.Session()
    page = browser.get(link).text
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    browser.post(link, data={"consent": "1", "csrf_token": form_token})
    ready = browser.get(f"{link}/ready").text
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', ready).group(1)
    browser.post(
        f"{link}/start", data={"csrf_token": form_token}, allow_redirects=False
    )
    return browser.cookies["viva_participant"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=3)
    args = parser.parse_args()
    server = LiveServer(
        Path(tempfile.mkdtemp()), overrides={"AI_OFFLINE_CHUNK_DELAY_MS": 30}
    )
    server.start()
    acks, firsts = [], []
    try:
        for n in range(args.interviews):
            scenario = create_interview_with_invite(
                server.url,
                QUESTIONS,
                server_log=server.log,
                candidate_name=f"Bench {n}",
            )
            client = InterviewClient(
                server.url, participant_cookie(server.url, scenario.link)
            ).connect()
            client.wait_for("turn_end")
            for index in range(len(QUESTIONS)):
                sent = time.perf_counter()
                ack = client.answer(f"a{index}", ANSWER)
                acks.append((time.perf_counter() - sent) * 1000)
                client.wait_for(
                    "turn_delta", where=lambda d, seq=ack["seq"] + 1: d["seq"] == seq
                )
                firsts.append((time.perf_counter() - sent) * 1000)
                client.wait_for("turn_end")
            client.close()
    finally:
        server.stop()
    print(
        f"answers: {len(firsts)} over {args.interviews} interviews "
        "(offline, 30 ms pacing)"
    )
    for label, values in (("answer ack", acks), ("first interviewer text", firsts)):
        print(
            f"{label:>24}: p50 {statistics.median(values):6.1f} ms   "
            f"p99 {percentile(values, 99):6.1f} ms   max {max(values):6.1f} ms"
        )


if __name__ == "__main__":
    main()
