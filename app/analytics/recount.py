"""Rebuild score totals from the evaluations themselves, in SQL.

Analytics calls `refresh()` before reading: a question that has evaluations but no
totals (written by bulk inserts, or never counted) is recounted from its evaluations'
JSON with INSERT ... SELECT. `rebuild_all()`, run by `flask analytics rebuild-totals`,
recounts every question, e.g. after writing evaluations with Core statements.
"""

from sqlalchemy import JSON, column, delete, func, literal, select, true

from app.analytics.queries import INSUFFICIENT, SUMS, count_if
from app.analytics.totals import insert_statement
from app.extensions import db
from app.models import OVERALL_KEY, Evaluation, Question, QuestionScoreTotal

COLUMNS = ("question_id", "competency_key", *SUMS)


def stale_questions(question_ids) -> set[int]:
    """Questions that have evaluations but no totals (never counted, or dropped).

    A few index lookups per question, never a count over every answer: totals stay
    right through ORM writes, and the other ways rows change are listed in the module
    docstring.
    """
    totals = QuestionScoreTotal
    counted = (
        select(totals.question_id)
        .where(totals.question_id == Question.id, totals.competency_key == OVERALL_KEY)
        .exists()
    )
    evaluated = select(Evaluation.id).where(Evaluation.question_id == Question.id)
    statement = select(Question.id).where(
        Question.id.in_(question_ids), evaluated.exists(), ~counted
    )
    return set(db.session.scalars(statement))


def rebuild_all() -> int:
    """Recount every question's totals (after bulk loads or Core writes); returns how
    many questions have evaluations."""
    question_ids = set(db.session.scalars(select(Evaluation.question_id).distinct()))
    db.session.execute(delete(QuestionScoreTotal))
    if question_ids:
        rebuild(question_ids)
    return len(question_ids)


def _overall_sums(question_ids, condition=true()):
    overall = Evaluation.overall
    return (
        select(
            Evaluation.question_id,
            literal(OVERALL_KEY),
            func.count(),
            func.count(overall),
            literal(0),
            func.coalesce(func.sum(overall), 0.0),
            func.coalesce(func.sum(overall * overall), 0.0),
        )
        .where(Evaluation.question_id.in_(question_ids), condition)
        .group_by(Evaluation.question_id)
    )


def _competency_sums(question_ids, condition=true()):
    entries = func.json_each(Evaluation.competency_scores).table_valued(
        "key", column("value", JSON)
    )
    score = entries.c.value["score"].as_float()
    status = entries.c.value["status"].as_string()
    return (
        select(
            Evaluation.question_id,
            entries.c.key,
            func.count(),
            func.count(score),
            count_if(status == INSUFFICIENT),
            func.coalesce(func.sum(score), 0.0),
            func.coalesce(func.sum(score * score), 0.0),
        )
        .select_from(Evaluation)
        .join(entries, true())
        .where(Evaluation.question_id.in_(question_ids), condition)
        .group_by(Evaluation.question_id, entries.c.key)
    )


def rebuild(question_ids) -> None:
    """Recount these questions' totals from the evaluations, in SQL."""
    question_ids = sorted(question_ids)
    connection = db.session.connection()
    connection.execute(
        delete(QuestionScoreTotal).where(
            QuestionScoreTotal.question_id.in_(question_ids)
        )
    )
    for sums in (_overall_sums(question_ids), _competency_sums(question_ids)):
        statement = insert_statement(connection).from_select(COLUMNS, sums)
        # Rows a concurrent writer added since the DELETE are overwritten by the
        # recount; a count still off is rebuilt on the next read.
        statement = statement.on_conflict_do_update(
            index_elements=["question_id", "competency_key"],
            set_={name: statement.excluded[name] for name in SUMS},
        )
        connection.execute(statement)


def sums_in_range(question_ids, condition) -> dict:
    """The totals' sums counted afresh from the evaluations that meet `condition`
    (e.g. a date range's sessions), shaped like `queries.score_totals`."""
    by_question: dict = {}
    for sums in (
        _overall_sums(question_ids, condition),
        _competency_sums(question_ids, condition),
    ):
        for question_id, key, *values in db.session.execute(sums):
            row = dict(zip(SUMS, values, strict=True))
            by_question.setdefault(question_id, {})[key] = row
    return by_question


def refresh(question_ids) -> None:
    """Rebuild the totals of every question in a select() of ids that are stale."""
    stale = stale_questions(question_ids)
    if stale:
        rebuild(stale)
