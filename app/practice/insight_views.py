"""Practice pages: stats with a trend chart, and skill gaps."""

from flask import render_template
from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.models.practice import TRACK_LABELS
from app.practice import bp, stats


def trend_chart(trend: list[dict]) -> dict:
    """The Chart.js description of the score trend (static/js/analytics.js)."""
    return {
        "trend": {
            "type": "bar",
            "labels": [point["date"] for point in trend],
            "datasets": [
                {
                    "label": "Session score",
                    "data": [point["score"] for point in trend],
                    "tone": "primary",
                }
            ],
            "max": 100,
            "axis": {"y": "Score / 100"},
        }
    }


@bp.get("/practice/stats")
@role_required("candidate")
def stats_page():
    numbers = stats.practice_stats(get_current_user())
    return render_template(
        "practice/stats.html",
        stats=numbers,
        charts=trend_chart(numbers["trend"]),
        track_labels=TRACK_LABELS,
    )


@bp.get("/practice/skill-gaps")
@role_required("candidate")
def skill_gaps_page():
    return render_template(
        "practice/skill_gaps.html",
        report=stats.skill_gaps(get_current_user()),
        track_labels=TRACK_LABELS,
    )
