"""Self-identification answers and the adverse-impact report built from them.

Selection rate of a group: the share of its self-identified candidates who were
selected. Two selections are reported apart: the recruiters' stage decision
("advance") and the AI recommendation ("advance"). The impact ratio of a group is its
rate over the highest rate among the groups shown; under 0.8 it breaks the
four-fifths rule of the US Uniform Guidelines, and the report warns. Groups with fewer
than MIN_GROUP people are suppressed: too small to compare, and too easy to identify.
"""

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import (
    PREFER_NOT,
    SELF_ID_CHOICES,
    SELF_ID_FIELDS,
    Interview,
    InterviewSession,
    SelfIdentification,
)
from app.ownership import visible_interviews

MIN_GROUP = 5
FOUR_FIFTHS = 0.8
ANSWERABLE_STATUSES = ("completed", "abandoned")
SELECTIONS = {
    "recruiter": InterviewSession.stage == "advance",
    "ai": InterviewSession.recommendation == "advance",
}


def may_self_identify(session: InterviewSession) -> bool:
    """Only after the interview ends: the form never sits beside the questions."""
    return session.status in ANSWERABLE_STATUSES


def record_self_identification(session: InterviewSession, answers: dict) -> None:
    """Store (or replace) a candidate's voluntary answers, race-safe on session id."""
    values = {name: answers.get(name) or None for name in SELF_ID_FIELDS}
    connection = db.session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SelfIdentification.__table__).values(
        session_id=session.id, interview_id=session.interview_id, **values
    )
    statement = statement.on_conflict_do_update(
        index_elements=["session_id"],
        set_={**values, "updated_at": func.now()},
    )
    db.session.execute(statement)


def has_self_identified(session: InterviewSession) -> bool:
    """Whether this session's candidate has answered already."""
    return (
        db.session.scalar(
            select(SelfIdentification.id).where(
                SelfIdentification.session_id == session.id
            )
        )
        is not None
    )


@dataclass
class Group:
    """One group of one dimension: its size and, unless suppressed, its rates."""

    value: str
    people: int
    selected: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    impact_ratios: dict[str, float | None] = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_GROUP

    @property
    def warnings(self) -> list[str]:
        """The selections whose impact ratio is under four fifths."""
        return [
            kind
            for kind, ratio in self.impact_ratios.items()
            if ratio is not None and ratio < FOUR_FIFTHS
        ]


def _counts(interview_id: int, dimension: str) -> dict[str, dict[str, int]]:
    """people and selections per group value, in one grouped query."""
    column = getattr(SelfIdentification, dimension)
    query = (
        select(
            column,
            func.count(),
            *(func.sum(case((test, 1), else_=0)) for test in SELECTIONS.values()),
        )
        .join(InterviewSession, InterviewSession.id == SelfIdentification.session_id)
        .where(
            SelfIdentification.interview_id == interview_id,
            column.is_not(None),
            column != PREFER_NOT,
        )
        .group_by(column)
    )
    counts = {}
    for value, people, *selected in db.session.execute(query):
        counts[value] = {"people": people} | {
            kind: int(number or 0)
            for kind, number in zip(SELECTIONS, selected, strict=True)
        }
    return counts


def dimension_report(interview_id: int, dimension: str) -> list[Group]:
    """The groups of one dimension in the order of its choices, with their ratios."""
    counts = _counts(interview_id, dimension)
    groups = [
        Group(value=value, people=counts[value]["people"])
        for value in SELF_ID_CHOICES[dimension]
        if value in counts
    ]
    for group in groups:
        if group.suppressed:
            continue
        for kind in SELECTIONS:
            group.selected[kind] = counts[group.value][kind]
            group.rates[kind] = group.selected[kind] / group.people
    for kind in SELECTIONS:
        shown = [g.rates[kind] for g in groups if not g.suppressed]
        best = max(shown, default=0)
        for group in groups:
            if not group.suppressed:
                rate = group.rates[kind]
                group.impact_ratios[kind] = rate / best if best else None
    return groups


def fairness_report(interview: Interview) -> dict:
    """Every dimension's groups for one interview, plus how many answered."""
    respondents = db.session.scalar(
        select(func.count()).where(SelfIdentification.interview_id == interview.id)
    )
    return {
        "interview": interview,
        "respondents": respondents,
        "dimensions": {
            name: dimension_report(interview.id, name) for name in SELF_ID_FIELDS
        },
    }


def interviews_with_answers(user) -> list[tuple[Interview, int]]:
    """The interviews this admin can see with how many candidates self-identified."""
    query = (
        visible_interviews(user)
        .add_columns(func.count(SelfIdentification.id))
        .outerjoin(SelfIdentification, SelfIdentification.interview_id == Interview.id)
        .group_by(Interview.id)
        .order_by(func.count(SelfIdentification.id).desc(), Interview.id.desc())
    )
    return [(interview, count) for interview, count in db.session.execute(query)]
