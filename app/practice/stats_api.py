"""JSON API of a candidate's practice stats and skill gaps."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.openapi import operation
from app.practice import bp, stats
from app.practice.schemas import SkillGapsSchema, StatsSchema


@bp.get("/api/v1/practice/stats")
@role_required("candidate")
@operation(
    "Your practice stats",
    tags=["practice"],
    responses={200: StatsSchema},
    description="Sessions started and completed, average and best session score "
    "(0-100), questions answered, averages per track (0-100) and per tag (0-10), "
    "and the score of every completed session over time.",
)
def api_stats():
    return stats.practice_stats(get_current_user())


@bp.get("/api/v1/practice/skill-gaps")
@role_required("candidate")
@operation(
    "Your skill gaps and what to practise next",
    tags=["practice"],
    responses={200: SkillGapsSchema},
    description="Tags whose average answer score (0-10) is under 7, lowest first, "
    "each with the answers that show it and a recommended track, tag and "
    "difficulty; and the average per competency.",
)
def api_skill_gaps():
    return stats.skill_gaps(get_current_user())
