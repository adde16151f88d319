"""SQL statements per interviewer turn and per candidate answer, counted by SQLAlchemy.

Takes one whole interview in process (no sockets) through `run_turn` with the offline
provider, and counts every statement the engine executes during each interviewer turn
(plan, stream, store, commit) and during each answer (store, commit), with SQLAlchemy's
`before_cursor_execute` event. Scoring jobs are only queued (`JOBS_IMMEDIATE=False`),
so only the live path is counted.

    .venv/bin/python bench/turn_statements.py [--questions 3] [--verbose]
        [--database-url postgresql://user@host/db]

Without `--database-url` it uses a temporary SQLite file; with one, it creates the
tables there and drops them at the end (use an empty database).
"""

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where bench/http.py would shadow
# the standard library's `http`: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import statistics
import tempfile

ANSWERS = [
    "Short.",  # a follow-up comes next
    "I designed the resources around applications and jobs, used proper status codes "
    "like 201 and 422, validated input with schemas and paginated every list so that "
    "clients never pull everything at once, and I measured latency before and after.",
]


class StatementCounter:
    """Statements the engine runs, kept while `recording` is on."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, *_args):
        self.statements.append(" ".join(statement.split())[:110])

    def take(self) -> list[str]:
        taken, self.statements = self.statements, []
        return taken


def run_interview(database_url: str, questions: int, verbose: bool) -> dict:
    """Take a whole interview; the statements of each turn and each answer."""
    from app import create_app
    from app.ai.providers import get_provider
    from app.extensions import db
    from app.live import answers, conductor
    from app.live.turns import run_turn
    from app.models import InterviewSession
    from tests import factories

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        JOBS_IMMEDIATE=False,  # jobs are queued (in memory), not run here
        AI_OFFLINE_CHUNK_DELAY_MS=0,
    )
    turns, answer_counts = [], []
    with app.app_context():
        db.create_all()
        try:
            session_id = _start(factories, conductor, db, questions)
            db.session.remove()
            provider = get_provider(app)
            counter = StatementCounter(db.engine)
            answer = 0
            while True:
                counter.take()
                run_turn(session_id, provider, lambda *_: None)
                db.session.remove()
                turns.append(counter.take())
                session = db.session.get(InterviewSession, session_id)
                if session.status == "completed":
                    break
                counter.take()
                answers.record_answer(
                    session, f"a{answer}", ANSWERS[answer % len(ANSWERS)]
                )
                db.session.commit()
                db.session.remove()
                answer_counts.append(counter.take())
                answer += 1
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    if verbose:
        for number, statements in enumerate(turns, 1):
            print(f"-- interviewer turn {number}: {len(statements)} statements")
            for statement in statements:
                print("   ", statement)
    return {
        "turns": [len(s) for s in turns],
        "answers": [len(s) for s in answer_counts],
    }


def _start(factories, conductor, db, questions: int) -> int:
    recruiter = factories.make_user()
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(
        product, questions=questions, status="active", time_limit_minutes=240
    )
    invitation, _ = factories.make_invitation(interview, name="Robin Candidate")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if args.database_url:
        from config import normalise_database_url

        url = normalise_database_url(args.database_url)
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/turns.db"
    counts = run_interview(url, args.questions, args.verbose)
    turns, answers = counts["turns"], counts["answers"]
    print(f"database: {url.split('://')[0]}")
    print(f"interviewer turns: {len(turns)}, statements each: {turns}")
    print(
        f"  per turn: median {statistics.median(turns)}, min {min(turns)}, "
        f"max {max(turns)}, total {sum(turns)}"
    )
    print(f"answers: {len(answers)}, statements each: {answers}")


if __name__ == "__main__":
    main()
