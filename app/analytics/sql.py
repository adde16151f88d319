"""SQL building blocks the analytics queries share, portable to SQLite and PostgreSQL.

- `duration_seconds(start, end)`: seconds between two timestamps, as a float;
- `score_bucket(score)`: the 0-9 decile of a 0-100 score (100 falls in the top one);
- `Scope`: which interviews a query covers; `group_column(by)`: what it groups by.
"""

from dataclasses import dataclass

from sqlalchemy import Float, case, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from app.models import Interview, Question

BUCKETS = 10


class duration_seconds(FunctionElement):  # noqa: N801  (used like a SQL function)
    """Seconds from `start` to `end`; each backend has its own date arithmetic."""

    type = Float()
    inherit_cache = True
    name = "duration_seconds"


@compiles(duration_seconds)
def _duration_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (
        f"((julianday({compiler.process(end, **kw)}) - "
        f"julianday({compiler.process(start, **kw)})) * 86400.0)"
    )


@compiles(duration_seconds, "postgresql")
def _duration_postgresql(element, compiler, **kw):
    start, end = list(element.clauses)
    return (
        f"CAST(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
        f"{compiler.process(start, **kw)})) AS DOUBLE PRECISION)"
    )


def score_bucket(score) -> ColumnElement:
    """0 for 0 <= score < 10, ... 9 for 90 <= score <= 100 (a CASE, not floor(),
    because CAST rounds on PostgreSQL and floor() needs an extension on SQLite)."""
    steps = [(score >= 10 * n, n) for n in range(BUCKETS - 1, 0, -1)]
    return case(*steps, else_=0)


@dataclass(frozen=True)
class Scope:
    """The interviews a query covers: a condition on Interview."""

    condition: ColumnElement

    def question_ids(self):
        """A select() of the ids of every question in scope."""
        return (
            select(Question.id)
            .join(Interview, Question.interview_id == Interview.id)
            .where(self.condition)
        )


def group_column(by: str | None):
    """The column a breakdown groups by: none, each question, interview or product."""
    columns = {
        None: None,
        "question": Question.id,
        "interview": Interview.id,
        "product": Interview.product_id,
    }
    return columns[by]
