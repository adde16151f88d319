"""Running score totals per question, kept in step with every ORM write.

Averaging every answer's competency scores out of the evaluations' JSON at read time
costs a JSON parse per answer and key: at 100,000 answers that took 0.65 s on SQLite
and 2 s on PostgreSQL here. So each question keeps sums (evaluations, scored, total,
total of squares, insufficient evidence) per competency key in `question_score_totals`,
and analytics adds those few rows up.

Within the same transaction as the write, with atomic upserts (concurrent writers lose
no increment): an Evaluation inserted through the ORM adds its scores; one updated
swaps the scores it had (read from the database before the flush) for its new ones;
one deleted, or removed with its session, takes its scores away.

Writes that bypass the ORM (Core inserts, updates or deletes) are not seen here:
recount.py rebuilds a question with evaluations but no totals on the next read, and
`flask analytics rebuild-totals` recounts everything after other bulk changes.
"""

from sqlalchemy import event, inspect, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.analytics.queries import INSUFFICIENT, SUMS
from app.models import (
    OVERALL_KEY,
    Evaluation,
    InterviewSession,
    QuestionScoreTotal,
)

TRACKED = ("competency_scores", "overall", "question_id")
OLD_SCORES = "viva_analytics_old_scores"


def _number(value) -> float | None:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if numeric else None


def _sums(question_id: int, key: str, score, insufficient: bool, sign: int) -> dict:
    score = _number(score)
    return {
        "question_id": question_id,
        "competency_key": key,
        "evaluations": sign,
        "scored": sign * int(score is not None),
        "insufficient": sign * int(insufficient),
        "total": sign * (score or 0.0),
        "total_squares": sign * (score or 0.0) ** 2,
    }


def contributions(values: dict, sign: int = 1) -> list[dict]:
    """What one evaluation (its question_id, overall and competency_scores) adds to
    its question's totals, one dict per key; sign=-1 takes it away."""
    question_id = values["question_id"]
    rows = [_sums(question_id, OVERALL_KEY, values["overall"], False, sign)]
    scores = values["competency_scores"]
    for key, entry in sorted((scores if isinstance(scores, dict) else {}).items()):
        entry = entry if isinstance(entry, dict) else {}
        insufficient = entry.get("status") == INSUFFICIENT
        rows.append(_sums(question_id, key, entry.get("score"), insufficient, sign))
    return rows


def insert_statement(connection):
    """INSERT into the totals in the connection's dialect (for ON CONFLICT)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(QuestionScoreTotal.__table__)


def add(connection, rows: list[dict]) -> None:
    """Add rows of sums to the totals (insert, or increment what is there)."""
    table = QuestionScoreTotal.__table__
    statement = insert_statement(connection)
    statement = statement.on_conflict_do_update(
        index_elements=["question_id", "competency_key"],
        set_={name: table.c[name] + statement.excluded[name] for name in SUMS},
    )
    # One order for every writer, so concurrent upserts cannot deadlock.
    rows = sorted(rows, key=lambda row: (row["question_id"], row["competency_key"]))
    connection.execute(statement, rows)


def _changed(evaluation: Evaluation) -> bool:
    state = inspect(evaluation)
    return any(state.attrs[name].history.has_changes() for name in TRACKED)


def _doomed(session) -> list:
    """Conditions selecting the stored evaluations this flush changes or deletes."""
    evaluation_ids, session_ids = [], []
    for instance in session.deleted:
        if isinstance(instance, Evaluation):
            evaluation_ids.append(instance.id)
        elif isinstance(instance, InterviewSession):
            # Its evaluations go with it, by ON DELETE CASCADE in the database.
            session_ids.append(instance.id)
    for instance in session.dirty:
        if isinstance(instance, Evaluation) and _changed(instance):
            evaluation_ids.append(instance.id)
    conditions = [
        (evaluation_ids, Evaluation.id.in_(evaluation_ids)),
        (session_ids, Evaluation.session_id.in_(session_ids)),
    ]
    return [condition for ids, condition in conditions if ids]


def _remember_old_scores(session, _context, _instances) -> None:
    """Read what the evaluations this flush updates or deletes (themselves, or with
    their session) hold in the database, before it is overwritten."""
    conditions = _doomed(session)
    if not conditions:
        return
    columns = (getattr(Evaluation, name) for name in TRACKED)
    statement = select(*columns).where(or_(*conditions))
    rows = session.connection().execute(statement)
    session.info[OLD_SCORES] = [dict(row._mapping) for row in rows]


def _keep_totals(session, _context) -> None:
    """Take away what changed or deleted evaluations had; add what new and changed
    ones have now."""
    rows = []
    for values in session.info.pop(OLD_SCORES, []):
        rows += contributions(values, sign=-1)
    for instance in session.new:
        if isinstance(instance, Evaluation):
            rows += contributions({name: getattr(instance, name) for name in TRACKED})
    for instance in session.dirty:
        if isinstance(instance, Evaluation) and _changed(instance):
            rows += contributions({name: getattr(instance, name) for name in TRACKED})
    if rows:
        add(session.connection(), rows)


def register_listeners() -> None:
    """Keep the totals with every flush of every session (create_app calls this once;
    a second call changes nothing)."""
    for name, listener in (
        ("before_flush", _remember_old_scores),
        ("after_flush", _keep_totals),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
