"""Chart specifications for the analytics pages, built from an analytics report.

Each spec is plain JSON that static/js/analytics.js turns into a Chart.js chart:
{type, labels, datasets: [{label, data, tone}], horizontal, stacked, max, axis}. The
pages print the same numbers as tables next to each chart.
"""

from app.models import RECOMMENDATIONS

RECOMMENDATION_LABELS = {
    "advance": "Advance",
    "consider": "Consider",
    "do_not_advance": "Do not advance",
}
RECOMMENDATION_TONES = {
    "advance": "success",
    "consider": "warning",
    "do_not_advance": "danger",
}
STEP_LABELS = {
    "invited": "Invited",
    "opened": "Opened",
    "started": "Started",
    "completed": "Completed",
}


def bucket_label(bucket: dict) -> str:
    """A score bucket (stored 0-100) on the scale every score is shown on, out of 10:
    0–0.9, 1–1.9, ..., 9–10 (the last includes 10)."""
    last = bucket["to"] if bucket["to"] == 100 else bucket["to"] - 1
    return f"{bucket['from'] / 10:g}–{last / 10:g}"


def summary_charts(report: dict) -> dict:
    """Funnel, score distribution, recommendations and competencies."""
    competencies = report["competencies"]
    return {
        "funnel": {
            "type": "bar",
            "horizontal": True,
            "labels": [STEP_LABELS[step["step"]] for step in report["funnel"]],
            "datasets": [
                {
                    "label": "Candidates",
                    "data": [step["count"] for step in report["funnel"]],
                    "tone": "primary",
                }
            ],
        },
        "scores": {
            "type": "bar",
            "labels": [bucket_label(b) for b in report["scores"]["distribution"]],
            "datasets": [
                {
                    "label": "Sessions",
                    "data": [b["count"] for b in report["scores"]["distribution"]],
                    "tone": "accent",
                }
            ],
            "axis": {"x": "Overall score (out of 10)", "y": "Sessions"},
        },
        "recommendations": {
            "type": "doughnut",
            "labels": [RECOMMENDATION_LABELS[value] for value in RECOMMENDATIONS],
            "datasets": [
                {
                    "label": "Sessions",
                    "data": [report["recommendations"][v] for v in RECOMMENDATIONS],
                    "tones": [RECOMMENDATION_TONES[v] for v in RECOMMENDATIONS],
                }
            ],
        },
        "competencies": {
            "type": "bar",
            "horizontal": True,
            "max": 10,
            "labels": [item["name"] for item in competencies],
            "datasets": [
                {
                    "label": "Average score (0-10)",
                    "data": [item["average"] for item in competencies],
                    "tone": "primary",
                }
            ],
        },
    }


def question_charts(report: dict) -> dict:
    """Average answer score per question, and where unfinished sessions stand."""
    questions = report["questions"]
    before = report["stopped_before_first_question"]
    labels = [f"Q{q['number']}" for q in questions]
    return {
        "questions": {
            "type": "bar",
            "max": 10,
            "labels": labels,
            "datasets": [
                {
                    "label": "Average answer score (0-10)",
                    "data": [q["average_score"] for q in questions],
                    "tone": "primary",
                }
            ],
        },
        "stopped": {
            "type": "bar",
            "stacked": True,
            "labels": ["Before Q1", *labels],
            "datasets": [
                {
                    "label": "Abandoned",
                    "data": [before["abandoned"]]
                    + [q["stopped"]["abandoned"] for q in questions],
                    "tone": "danger",
                },
                {
                    "label": "Still in progress",
                    "data": [before["in_progress"]]
                    + [q["stopped"]["in_progress"] for q in questions],
                    "tone": "muted",
                },
            ],
        },
    }


def breakdown_chart(rows: list[dict], label_key: str) -> dict:
    """Invited, started and completed per interview or product."""
    return {
        "type": "bar",
        "labels": [row[label_key] for row in rows],
        "datasets": [
            {
                "label": "Invited",
                "data": [row["invited"] for row in rows],
                "tone": "muted",
            },
            {
                "label": "Started",
                "data": [row["started"] for row in rows],
                "tone": "accent",
            },
            {
                "label": "Completed",
                "data": [row["completed"] for row in rows],
                "tone": "primary",
            },
        ],
    }
