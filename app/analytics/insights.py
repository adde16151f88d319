"""AI insights per interview: generated on demand from its statistics, then cached.

A recruiter asks for them (page button or POST); the provider answers from the
interview's analytics (the offline provider by fixed rules), the observations are
validated and stored, one row per interview. Reading them is free; they are marked
stale once more sessions complete or more answers are scored than they were drawn from.
"""

from sqlalchemy import func, select

from app.ai.insights import ANSWER_SCHEMA, TASK, insights_prompt, usable_observations
from app.ai.providers import AIProvider, ProviderError, get_provider
from app.analytics import recount
from app.analytics.service import interview_analytics
from app.analytics.sql import Scope
from app.errors import ServiceUnavailable
from app.extensions import db
from app.models import (
    OVERALL_KEY,
    Interview,
    InterviewInsight,
    InterviewSession,
    Question,
    QuestionScoreTotal,
    User,
    utcnow,
)
from app.ownership import get_interview


def current_basis(interview: Interview) -> dict:
    """Completed sessions and scored answers the interview has now."""
    scope = Scope(Interview.id == interview.id)
    recount.refresh(scope.question_ids())
    completed = db.session.scalar(
        select(func.count()).where(
            InterviewSession.interview_id == interview.id,
            InterviewSession.status == "completed",
        )
    )
    scored = db.session.scalar(
        select(func.coalesce(func.sum(QuestionScoreTotal.scored), 0))
        .join(Question, QuestionScoreTotal.question_id == Question.id)
        .where(
            Question.interview_id == interview.id,
            QuestionScoreTotal.competency_key == OVERALL_KEY,
        )
    )
    return {"completed_sessions": completed, "scored_answers": scored}


def present(interview: Interview, insight: InterviewInsight | None, basis: dict):
    """The cached insights as the API shows them (empty before the first run)."""
    drawn_from = {
        "completed_sessions": insight.completed_sessions if insight else 0,
        "scored_answers": insight.scored_answers if insight else 0,
    }
    return {
        "interview_id": interview.id,
        "observations": list(insight.observations) if insight else [],
        "provider": insight.provider if insight else None,
        "model": insight.model if insight else None,
        "generated_at": insight.generated_at if insight else None,
        "based_on": drawn_from,
        "current": basis,
        "stale": insight is None or drawn_from != basis,
    }


def _cached(interview: Interview) -> InterviewInsight | None:
    return db.session.scalars(
        select(InterviewInsight).where(InterviewInsight.interview_id == interview.id)
    ).first()


def cached_insights(user: User, interview_id: int) -> dict:
    """The interview's cached insights, and whether newer results exist."""
    interview = get_interview(user, interview_id)
    return present(interview, _cached(interview), current_basis(interview))


def insights_for_report(interview: Interview, report: dict) -> dict:
    """The cached insights, judged stale against an analytics report just made."""
    basis = {
        "completed_sessions": report["sessions"]["completed"],
        "scored_answers": report["answers"]["scored"],
    }
    return present(interview, _cached(interview), basis)


def _observe(report: dict, provider: AIProvider) -> list[dict]:
    try:
        answer = provider.generate_json(TASK, insights_prompt(report), ANSWER_SCHEMA)
    except ProviderError as exc:
        raise ServiceUnavailable(
            f"The AI provider could not write insights: {exc}"
        ) from exc
    observations = usable_observations(answer)
    if not observations:
        raise ServiceUnavailable(
            "The AI provider returned no usable observations. Try again later."
        )
    return observations


def generate_insights(
    user: User, interview_id: int, *, provider: AIProvider | None = None
) -> dict:
    """Ask the provider for observations on the interview's statistics and cache them;
    a failure keeps what was cached and raises ServiceUnavailable."""
    interview = get_interview(user, interview_id)
    report = interview_analytics(user, interview.id)
    provider = provider or get_provider()
    observations = _observe(report, provider)
    insight = _cached(interview) or InterviewInsight(interview_id=interview.id)
    insight.observations = observations
    insight.provider = provider.name
    insight.model = provider.model or ""
    insight.completed_sessions = report["sessions"]["completed"]
    insight.scored_answers = report["answers"]["scored"]
    insight.generated_at = utcnow()
    insight.generated_by_id = user.id
    db.session.add(insight)
    db.session.flush()
    return insights_for_report(interview, report)
