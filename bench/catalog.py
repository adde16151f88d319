"""What `make bench` prints: each benchmark in one line, and how to run it."""

import shutil

# name, what it measures, its smallest run (seconds, not minutes)
BENCHMARKS = [
    (
        "live_interviews",
        "concurrent live interviews on gunicorn+gevent vs a bare relay (needs minutes)",
        "--n 2 --questions 1 --think 0.2 --target viva",
    ),
    (
        "prompt_growth",
        "interviewer prompt tokens per turn in a long interview: bounded, not growing",
        "--questions 2 --follow-ups 1",
    ),
    (
        "turn_statements",
        "SQL statements per interviewer turn and per answer (SQLite or PostgreSQL)",
        "--questions 1",
    ),
    (
        "http",
        "requests/s and p50/p99 of portal pages and the API vs bare Flask (needs wrk)",
        "--connections 2 --seconds 1",
    ),
    (
        "answer_latency",
        "answer ack and first interviewer text over Socket.IO, offline interviewer",
        "--interviews 1",
    ),
    (
        "analytics",
        "every analytics endpoint and page timed at 1k/10k/100k answers",
        "--sizes 100 --runs 1",
    ),
    (
        "privacy",
        "flask pii rotate-keys, one erasure and the retention purge on 10k sessions",
        "--sessions 50",
    ),
]


def main() -> None:
    print("Benchmarks (they print figures; never part of make test):")
    for name, what, _smallest in BENCHMARKS:
        print(f"  bench/{name + '.py':<20} {what}")
    print("Run one: .venv/bin/python bench/NAME.py [--help]; smallest runs:")
    for name, _what, smallest in BENCHMARKS:
        print(f"  .venv/bin/python bench/{name}.py {smallest}")
    if shutil.which("wrk") is None:
        print("bench/http.py needs wrk, which is not installed: apt-get install -y wrk")


if __name__ == "__main__":
    main()
