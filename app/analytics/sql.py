"""SQL building blocks the analytics queries share, portable to SQLite and PostgreSQL.

- `duration_seconds(start, end)`: seconds between two timestamps, as a float;
- `score_bucket(score)`: the 0-9 decile of a 0-100 score (100 falls in the top one);
- `Scope`: which interviews a query covers, and optionally which invitations (those
  sent in a date range); `group_column(by)`: what it groups by.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, case, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from app.models import Interview, InterviewSession, Invitation, Question

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
    """The interviews a query covers (a condition on Interview) and, when a date range
    is chosen, the candidates it counts: invited in [invited_from, invited_before).

    One cohort for every figure: the funnel, sessions, scores, durations, answers and
    follow-ups of a range all belong to the candidates invited in it.
    """

    condition: ColumnElement
    invited_from: datetime | None = None
    invited_before: datetime | None = None

    @property
    def dated(self) -> bool:
        return self.invited_from is not None or self.invited_before is not None

    def invited(self) -> ColumnElement:
        """A condition on Invitation: sent in the range (always true without one)."""
        condition = true()
        if self.invited_from is not None:
            condition = condition & (Invitation.created_at >= self.invited_from)
        if self.invited_before is not None:
            condition = condition & (Invitation.created_at < self.invited_before)
        return condition

    def sessions(self, session_id=None) -> ColumnElement:
        """A condition on a session (or a column holding a session id): its candidate
        was invited in the range (always true without one)."""
        if not self.dated:
            return true()
        if session_id is None:
            invited = select(Invitation.id).where(self.invited())
            return InterviewSession.invitation_id.in_(invited)
        in_range = (
            select(InterviewSession.id)
            .join(Invitation, InterviewSession.invitation_id == Invitation.id)
            .where(self.invited())
        )
        return session_id.in_(in_range)

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
