"""Analytics for one interview, one product, or a recruiter's whole account.

Session and invitation figures are SQL aggregates (queries.py); answer and competency
scores come from the per-question running totals (totals.py), refreshed first. Adding
up those per-question sums for an interview, product or account is the only
arithmetic done here: a few rows per question, never a row per answer.
"""

import math
from datetime import UTC, date, datetime, time, timedelta

from app.analytics import queries, recount
from app.analytics.sql import BUCKETS, Scope
from app.models import OVERALL_KEY, RECOMMENDATIONS, Evaluation, Interview, User
from app.ownership import get_interview

FUNNEL_STEPS = ("invited", "opened", "started", "completed")
COMMENTS_SHOWN = 20
FUNNEL_COUNTS = (*FUNNEL_STEPS, "in_progress", "abandoned")
NOTHING_STOPPED = {"abandoned": 0, "in_progress": 0}


def dated_scope(condition, period: dict | None) -> Scope:
    """A Scope over these interviews for candidates invited in a period
    {"from": date | None, "to": date | None} (inclusive days, UTC); None: all time."""
    period = period or {}
    start, end = period.get("from"), period.get("to")
    return Scope(
        condition,
        invited_from=_midnight(start) if start else None,
        invited_before=_midnight(end + timedelta(days=1)) if end else None,
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def ratio(part, whole) -> float | None:
    """part / whole as a fraction rounded to 4 places; None when whole is 0."""
    return round(part / whole, 4) if whole else None


def rounded(value, places: int = 2) -> float | None:
    """A number rounded for display; None stays None."""
    return None if value is None else round(float(value), places)


def add_up(rows) -> dict:
    """Sum dicts of counts and totals key by key."""
    summed: dict = {}
    for row in rows:
        for name, value in row.items():
            summed[name] = summed.get(name, 0) + value
    return summed


def average(sums: dict | None) -> float | None:
    """The mean of the scores a totals row sums up."""
    return sums["total"] / sums["scored"] if sums and sums.get("scored") else None


def spread(sums: dict | None) -> float | None:
    """The standard deviation of those scores (how far answers differ)."""
    mean = average(sums)
    if mean is None:
        return None
    return math.sqrt(max(0.0, sums["total_squares"] / sums["scored"] - mean**2))


def funnel(counts: dict) -> list[dict]:
    """The funnel steps with each step's share of invited and of the step before."""
    steps, previous = [], None
    for step in FUNNEL_STEPS:
        count = counts.get(step) or 0
        steps.append(
            {
                "step": step,
                "count": count,
                "rate": ratio(count, counts.get("invited") or 0),
                "step_rate": None if previous is None else ratio(count, previous),
            }
        )
        previous = count
    return steps


def distribution(counts: list[int]) -> list[dict]:
    """Score buckets 0-10, 10-20, ... 90-100 (the last includes 100)."""
    width = 100 // BUCKETS
    return [
        {"from": n * width, "to": (n + 1) * width, "count": counts[n]}
        for n in range(BUCKETS)
    ]


def competency_items(rubric_lists: list[list]) -> list[dict]:
    """Competencies in rubric order, each key once (the first rubric names it)."""
    items: dict[str, dict] = {}
    for rubric in rubric_lists:
        for item in rubric or []:
            key = item.get("key")
            if key and key not in items:
                weight = item.get("weight") if len(rubric_lists) == 1 else None
                items[key] = {
                    "key": key,
                    "name": item.get("name", key),
                    "weight": weight,
                }
    return list(items.values())


def competencies(items: list[dict], sums_by_key: dict) -> list[dict]:
    """Each competency's average over every scored answer it covers."""
    rows = []
    for item in items:
        sums = sums_by_key.get(item["key"]) or {}
        rows.append(
            dict(
                item,
                average=rounded(average(sums)),
                scored=sums.get("scored", 0),
                insufficient_evidence=sums.get("insufficient", 0),
            )
        )
    return rows


def answers(overall: dict | None, said: dict) -> dict:
    """Answers (one evaluation per answered question, scored or needing review),
    how many were scored, their average, and how many needed follow-ups."""
    overall = overall or {}
    answered = overall.get("evaluations", 0)
    return {
        "answered": answered,
        "scored": overall.get("scored", 0),
        "average_score": rounded(average(overall)),
        "followed_up": said.get("followed_up", 0),
        "follow_ups": said.get("follow_ups", 0),
        "follow_up_rate": ratio(said.get("followed_up", 0), answered),
    }


def combined(groups: dict, names: tuple) -> dict:
    """Figures of several groups as one: counts add up; an "average" is weighted by
    each group's scored count."""
    rows = list(groups.values())
    counts = [name for name in names if name != "average"]
    together = {name: sum(row[name] or 0 for row in rows) for name in counts}
    if "average" in names:  # None for a group with nothing scored yet
        together["average"] = weighted_mean((r["average"], r["scored"]) for r in rows)
    return together


def weighted_mean(pairs) -> float | None:
    """The mean of group averages weighted by their counts: [(average, count)]."""
    pairs = [(float(mean), count) for mean, count in pairs if count]
    total = sum(count for _mean, count in pairs)
    return sum(mean * count for mean, count in pairs) / total if total else None


def median(scope: Scope, grouped: tuple | None) -> float | None:
    """The median duration over the scope; when every completed session is in one
    group of a roll-up, that group's median, without asking again."""
    if grouped is not None and len(grouped[2]) <= 1:
        return next(iter(grouped[2].values()), None)
    return queries.median_durations(scope)[None]


def session_figures(scope: Scope, grouped: tuple | None) -> tuple[dict, dict]:
    """Funnel counts and session scores over the scope; a roll-up passes them per
    child (`grouped`, queried for its breakdown) and they are added up instead."""
    if grouped is None:
        return queries.funnel_counts(scope)[None], queries.session_scores(scope)[None]
    return (
        combined(grouped[0], FUNNEL_COUNTS),
        combined(grouped[1], ("scored", "average", *RECOMMENDATIONS)),
    )


def summary(
    scope: Scope, items: list[dict], grouped: tuple | None = None
) -> tuple[dict, dict, dict]:
    """What every level shows; also the per-question totals and follow-up counts.

    `grouped`: a roll-up's funnel, score and median figures per child.
    """
    counts, scores = session_figures(scope, grouped)
    if scope.dated:  # the range's evaluations, counted afresh
        score_totals = recount.sums_in_range(
            scope.question_ids(), scope.sessions(Evaluation.session_id)
        )
    else:  # the running totals, after recounting any stale question
        recount.refresh(scope.question_ids())
        score_totals = queries.score_totals(scope)
    follow_up_counts = queries.follow_ups(scope)
    keys = {item["key"] for item in items} | {OVERALL_KEY}
    sums_by_key = {
        key: add_up(by_key[key] for by_key in score_totals.values() if key in by_key)
        for key in keys
    }
    report = {
        "range": {
            "from": _day(scope.invited_from),
            "to": _day(scope.invited_before, before=True),
        },
        "funnel": funnel(counts),
        "sessions": {
            name: counts[name] for name in ("in_progress", "completed", "abandoned")
        },
        "duration": {
            "median_seconds": rounded(median(scope, grouped), 1),
            "completed": counts["completed"],
        },
        "scores": {
            "scored": scores["scored"],
            "average": rounded(scores["average"]),
            "distribution": distribution(queries.score_distribution(scope)),
        },
        "recommendations": {value: scores[value] for value in RECOMMENDATIONS},
        "competencies": competencies(items, sums_by_key),
        "answers": answers(sums_by_key[OVERALL_KEY], add_up(follow_up_counts.values())),
        "experience": experience(scope),
        # Answer figures are the AI's scores; sessions' overall scores use a
        # recruiter's override where there is one (app/results/decisions.py keeps both).
        "overrides": {"answers": queries.overridden_answers(scope)},
    }
    return report, score_totals, follow_up_counts


def experience(scope: Scope) -> dict:
    """How candidates rated their interview: counts and the share rating it good."""
    counts = queries.experience_counts(scope)
    rated = sum(counts.values())
    return {**counts, "rated": rated, "good_rate": ratio(counts["good"], rated)}


def _day(moment: datetime | None, before: bool = False) -> date | None:
    if moment is None:
        return None
    return (moment - timedelta(days=1)).date() if before else moment.date()


def question_rows(
    interview, items, score_totals, follow_up_counts, stopped
) -> list[dict]:
    """One row per question of the interview, in order, with its figures."""
    rows = []
    for number, question in enumerate(interview.questions, start=1):
        by_key = score_totals.get(question.id, {})
        overall = by_key.get(OVERALL_KEY)
        said = answers(overall, follow_up_counts.get(question.id, {}))
        rows.append(
            {
                "id": question.id,
                "number": number,
                "text": question.text,
                "kind": question.kind,
                "approved": question.approved,
                **said,
                "score_spread": rounded(spread(overall)),
                "competencies": {
                    item["key"]: rounded(average(by_key.get(item["key"])))
                    for item in items
                },
                "stopped": stopped.get(question.id, NOTHING_STOPPED),
            }
        )
    return rows


def interview_analytics(
    user: User, interview_id: int, period: dict | None = None
) -> dict:
    """Funnel, durations, scores, competencies and per-question figures of one
    interview (for the candidates invited in `period`, or all time)."""
    interview = get_interview(user, interview_id)
    scope = dated_scope(Interview.id == interview.id, period)
    items = competency_items([interview.rubric])
    report, score_totals, follow_up_counts = summary(scope, items)
    stopped = queries.stopped_sessions(scope)
    report["questions"] = question_rows(
        interview, items, score_totals, follow_up_counts, stopped
    )
    report["stopped_before_first_question"] = stopped.get(None, NOTHING_STOPPED)
    report["experience"]["comments"] = queries.experience_comments(
        scope, COMMENTS_SHOWN
    )
    report["interview"] = {
        "id": interview.id,
        "role_title": interview.role_title,
        "status": interview.status,
        "product_id": interview.product_id,
        "product_name": interview.product.name,
        "rubric_version": interview.rubric_version,
    }
    return report
