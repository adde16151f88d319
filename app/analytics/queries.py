"""The analytics aggregates: one SQL statement each, GROUP BY in the database.

Every function takes a Scope (which interviews) and answers plain dicts. Functions
with `by` break their figures down per interview or per product (`by=None`: one row
for the whole scope, under the key None). Nothing here loops over sessions, messages
or evaluations in Python.
"""

from sqlalchemy import case, func, select

from app.analytics.sql import Scope, duration_seconds, group_column, score_bucket
from app.extensions import db
from app.models import (
    EXPERIENCE_RATINGS,
    RECOMMENDATIONS,
    Evaluation,
    ExperienceRating,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Question,
    QuestionScoreTotal,
)

INSUFFICIENT = "insufficient_evidence"
SUMS = ("evaluations", "scored", "insufficient", "total", "total_squares")


def count_if(condition):
    """COUNT of the rows where `condition` holds (0 when none do)."""
    return func.count(case((condition, 1)))


def _rows_by_key(statement, group) -> dict:
    """Run a statement whose first column is the group key (None without a group)."""
    if group is None:
        row = db.session.execute(statement).one()
        return {None: dict(row._mapping)}
    rows = db.session.execute(statement.group_by(group))
    return {row[0]: dict(row._mapping) for row in rows}


def _select(group, *columns):
    keyed = [group.label("key")] if group is not None else []
    return select(*keyed, *columns)


def funnel_counts(scope: Scope, by: str | None = None) -> dict:
    """Invited, opened, started, completed (and unfinished) per group."""
    group = group_column(by)
    session = InterviewSession
    opened = Invitation.opened_at.is_not(None) | session.id.is_not(None)
    statement = (
        _select(
            group,
            func.count(Invitation.id).label("invited"),
            count_if(opened).label("opened"),
            func.count(session.id).label("started"),
            count_if(session.status == "completed").label("completed"),
            count_if(session.status == "in_progress").label("in_progress"),
            count_if(session.status == "abandoned").label("abandoned"),
        )
        .select_from(Invitation)
        .join(Interview, Invitation.interview_id == Interview.id)
        .outerjoin(session, session.invitation_id == Invitation.id)
        .where(scope.condition, scope.invited())
    )
    return _rows_by_key(statement, group)


def session_scores(scope: Scope, by: str | None = None) -> dict:
    """Scored sessions, their average overall score and recommendation counts."""
    group = group_column(by)
    session = InterviewSession
    statement = (
        _select(
            group,
            func.count(session.overall_score).label("scored"),
            func.avg(session.overall_score).label("average"),
            *(
                count_if(session.recommendation == value).label(value)
                for value in RECOMMENDATIONS
            ),
        )
        .join(Interview, session.interview_id == Interview.id)
        .where(scope.condition, scope.sessions())
    )
    return _rows_by_key(statement, group)


def score_distribution(scope: Scope) -> list[int]:
    """How many scored sessions fall in each tenth of the 0-100 range."""
    bucket = score_bucket(InterviewSession.overall_score).label("bucket")
    statement = (
        select(bucket, func.count())
        .join(Interview, InterviewSession.interview_id == Interview.id)
        .where(scope.condition, scope.sessions())
        .where(InterviewSession.overall_score.is_not(None))
        .group_by(bucket)
    )
    counts = [0] * 10
    for index, count in db.session.execute(statement):
        counts[index] = count
    return counts


def median_durations(scope: Scope, by: str | None = None) -> dict:
    """Median seconds from start to end of completed sessions, per group.

    One grouped COUNT, then per group one ORDER BY ... LIMIT 1 or 2 OFFSET (n - 1) / 2
    that fetches only the middle value(s); sorting a few thousand durations this way
    measured faster than ranking them with window functions.
    """
    group = group_column(by)
    session = InterviewSession
    seconds = duration_seconds(session.started_at, session.ended_at).label("seconds")
    completed = (
        select(seconds)
        .join(Interview, session.interview_id == Interview.id)
        .where(scope.condition, scope.sessions(), session.status == "completed")
        .where(session.ended_at.is_not(None))
    )
    if group is None:
        count = db.session.scalar(completed.with_only_columns(func.count()))
        return {None: _middle(completed, seconds, count)}
    counts = db.session.execute(
        completed.with_only_columns(group, func.count()).group_by(group)
    ).all()
    return {
        key: _middle(completed.where(group == key), seconds, count)
        for key, count in counts
    }


def _middle(statement, seconds, count: int) -> float | None:
    """The median of `seconds` over a statement's `count` rows."""
    if not count:
        return None
    middle = statement.order_by(seconds).limit(2 - count % 2)
    values = db.session.scalars(middle.offset((count - 1) // 2)).all()
    return sum(values) / len(values)


def score_totals(scope: Scope) -> dict:
    """Score totals per question and competency key (OVERALL_KEY: answer scores):
    {question_id: {key: {evaluations, scored, insufficient, total, total_squares}}}:
    the running totals, all time (a date range counts afresh: recount.sums_in_range)."""
    totals = QuestionScoreTotal
    statement = (
        select(totals)
        .join(Question, totals.question_id == Question.id)
        .join(Interview, Question.interview_id == Interview.id)
        .where(scope.condition)
    )
    by_question: dict = {}
    for row in db.session.scalars(statement):
        sums = {name: getattr(row, name) for name in SUMS}
        by_question.setdefault(row.question_id, {})[row.competency_key] = sums
    return by_question


def follow_ups(scope: Scope) -> dict[int, dict]:
    """Per question: candidates who needed a follow-up, and follow-ups asked
    {question_id: {"followed_up": n, "follow_ups": n}}, from the messages index."""
    asked = (Message.role == "interviewer") & Message.is_follow_up.is_(True)
    # IN (the scope's questions) rather than a join: SQLite then walks the
    # covering index in question order and needs no temporary B-tree to group.
    statement = (
        select(
            Message.question_id,
            func.count(func.distinct(Message.session_id)),
            func.count(),
        )
        .where(Message.question_id.in_(scope.question_ids()), asked)
        .where(scope.sessions(Message.session_id))
        .group_by(Message.question_id)
    )
    return {
        question_id: {"followed_up": sessions, "follow_ups": count}
        for question_id, sessions, count in db.session.execute(statement)
    }


def stopped_sessions(scope: Scope) -> dict:
    """Unfinished sessions by the question they stopped at (None: before the first)
    and status: {question_id: {"abandoned": n, "in_progress": n}}."""
    session = InterviewSession
    statement = (
        select(session.current_question_id, session.status, func.count())
        .join(Interview, session.interview_id == Interview.id)
        .where(scope.condition, scope.sessions(), session.status != "completed")
        .group_by(session.current_question_id, session.status)
    )
    stopped: dict = {}
    for question_id, status, count in db.session.execute(statement):
        stopped.setdefault(question_id, {"abandoned": 0, "in_progress": 0})
        stopped[question_id][status] = count
    return stopped


def rubrics(scope: Scope) -> list[list]:
    """The rubric of each interview in scope, oldest interview first."""
    statement = select(Interview.rubric).where(scope.condition).order_by(Interview.id)
    return list(db.session.scalars(statement))


def experience_counts(scope: Scope) -> dict:
    """Candidates' ratings of their interview: {"good": n, "okay": n, "poor": n}."""
    rating = ExperienceRating
    statement = (
        select(rating.rating, func.count())
        .join(Interview, rating.interview_id == Interview.id)
        .where(scope.condition, scope.sessions(rating.session_id))
        .group_by(rating.rating)
    )
    counts = dict.fromkeys(EXPERIENCE_RATINGS, 0)
    counts.update(dict(db.session.execute(statement).all()))
    return counts


def experience_comments(scope: Scope, limit: int) -> list[dict]:
    """The newest comments candidates left with their rating, without names."""
    rating = ExperienceRating
    statement = (
        select(rating.rating, rating.comment, rating.created_at)
        .join(Interview, rating.interview_id == Interview.id)
        .where(scope.condition, scope.sessions(rating.session_id), rating.comment != "")
        .order_by(rating.created_at.desc(), rating.id.desc())
        .limit(limit)
    )
    return [
        {"rating": value, "comment": comment, "at": at}
        for value, comment, at in db.session.execute(statement)
    ]


def overridden_answers(scope: Scope) -> int:
    """Answers whose score a recruiter changed (the AI's score stays beside it)."""
    statement = select(func.count(Evaluation.id)).where(
        Evaluation.question_id.in_(scope.question_ids()),
        Evaluation.human_overall.is_not(None),
        scope.sessions(Evaluation.session_id),
    )
    return db.session.scalar(statement) or 0
