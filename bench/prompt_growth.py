"""Prompt size per interviewer turn over a long interview: bounded, not growing.

Runs a 10-question interview with 2 follow-ups per question in process (no sockets),
through Viva's conductor and the gemini provider pointed at the fake Gemini, which
counts the tokens of each prompt it receives and reports them as usage, as Gemini does.
Prints prompt and output tokens per turn with the running total, the max/min prompt
size over turns 3..N (target <= 1.5) and the growth of the total.

    .venv/bin/python bench/prompt_growth.py [--questions 10] [--follow-ups 2]
"""

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where bench/http.py would shadow
# the standard library's `http`: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse

from bench.common import FAKE_GEMINI_KEY


def run_interview(questions: int, follow_ups: int) -> list[dict]:
    """Take the whole interview; return each interviewer turn's stored figures."""
    from sqlalchemy.pool import StaticPool

    from app import create_app
    from app.ai.providers import get_provider
    from app.extensions import db
    from app.live import answers, conductor
    from app.live.turns import run_turn
    from app.models import InterviewSession, Message
    from tests import factories
    from tests.fakes.gemini_server import FakeGemini, Reply

    reply = (
        "Thanks, that helps me understand how you approached it. Could you tell me "
        "a little more about the trade-offs you weighed and what you would change?"
    )
    fake = FakeGemini(api_key=FAKE_GEMINI_KEY, default=Reply(text=reply)).start()
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SQLALCHEMY_ENGINE_OPTIONS={
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        },
        AI_PROVIDER="gemini",
        GEMINI_API_KEY=FAKE_GEMINI_KEY,
        GEMINI_BASE_URL=fake.url,
    )
    try:
        with app.app_context():
            db.create_all()
            session_id = _start(factories, conductor, db, questions, follow_ups)
            provider = get_provider(app)
            answer = 0
            while True:
                run_turn(session_id, provider, lambda *_: None)
                session = db.session.get(InterviewSession, session_id)
                if session.status == "completed":
                    break
                answer += 1
                answers.record_answer(
                    session,
                    f"a{answer}",
                    f"I would start with the data model and then add tests ({answer}).",
                )
                db.session.commit()
            turns = db.session.scalars(
                db.select(Message)
                .where(Message.session_id == session_id, Message.role == "interviewer")
                .order_by(Message.seq)
            ).all()
            return [
                {
                    "seq": m.seq,
                    "kind": "follow-up" if m.is_follow_up else "planned",
                    "prompt": m.prompt_tokens or 0,
                    "output": m.output_tokens or 0,
                    "fallback": m.fallback,
                }
                for m in turns
            ]
    finally:
        fake.stop()


def _start(factories, conductor, db, questions: int, follow_ups: int) -> int:
    recruiter = factories.make_user()
    product = factories.make_product(
        recruiter,
        name="Acme Robotics",
        description="Warehouse robots, their fleet API and the dashboards on top.",
    )
    interview = factories.make_interview(
        product,
        questions=0,
        status="active",
        time_limit_minutes=240,
        job_description="Build and run the fleet API: Python, PostgreSQL, queues.",
    )
    for n in range(questions):
        factories.make_question(
            interview,
            text=f"Question {n + 1}: tell me about a system you designed that had to "
            "stay up while it changed, and how you kept it that way.",
            key_points=["monitoring", "rollback", "testing"],
            follow_up_budget=follow_ups,
        )
    invitation, _ = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    return session.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--follow-ups", type=int, default=2)
    args = parser.parse_args()
    turns = run_interview(args.questions, args.follow_ups)
    print(" turn   seq  kind       prompt  output  total so far")
    total = 0
    for number, turn in enumerate(turns, 1):
        total += turn["prompt"] + turn["output"]
        flag = "  (fallback)" if turn["fallback"] else ""
        print(
            f"{number:>5} {turn['seq']:>5}  {turn['kind']:<9} {turn['prompt']:>7} "
            f"{turn['output']:>7} {total:>13}{flag}"
        )
    prompts = [turn["prompt"] for turn in turns[2:]]
    spread = max(prompts) / min(prompts)
    half = len(turns) // 2
    first = sum(t["prompt"] + t["output"] for t in turns[:half])
    second = sum(t["prompt"] + t["output"] for t in turns[half:])
    print(
        f"\n{len(turns)} interviewer turns, {total} tokens in all "
        f"({total / len(turns):.0f} per turn)"
    )
    print(
        f"prompt tokens over turns 3..{len(turns)}: min {min(prompts)}, "
        f"max {max(prompts)}, max/min {spread:.2f} (target <= 1.5)"
    )
    print(
        f"tokens in the first half of the turns {first}, in the second half {second}: "
        f"ratio {second / first:.2f} (1.0 = linear total; quadratic growth gives ~3)"
    )
    third = len(turns) // 3
    averages = [
        sum(t["prompt"] for t in part) / len(part)
        for part in (turns[:third], turns[third : 2 * third], turns[2 * third :])
    ]
    print(
        "average prompt tokens per turn by third of the interview: "
        + ", ".join(f"{value:.0f}" for value in averages)
    )


if __name__ == "__main__":
    main()
