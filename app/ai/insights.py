"""Insights across an interview's candidates: 3-5 short observations from its
statistics (common strengths, common gaps, questions that do not discriminate, where
candidates need follow-ups or drop out).

The model sees only aggregate figures and the recruiter's own question texts: no
candidate's name or words. The offline provider derives the observations from the same
figures with fixed rules (`derive_observations`). What a model returns is validated
here before it is stored.
"""

import json

from marshmallow import EXCLUDE, Schema, fields, validate
from marshmallow import ValidationError as SchemaValidationError

from app.schemas import Trimmed

TASK = "analytics_insights"
KINDS = ("strength", "gap", "question", "funnel", "note")
MAX_OBSERVATIONS = 5
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "observations": {
            "type": "array",
            "minItems": 3,
            "maxItems": MAX_OBSERVATIONS,
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": list(KINDS)},
                    "text": {"type": "string"},
                },
                "required": ["kind", "text"],
            },
        }
    },
    "required": ["observations"],
}
SYSTEM = (
    "You are a hiring analyst. From the interview statistics you are given, write 3 to "
    "5 short observations (one sentence each, at most 200 characters) that help the "
    "recruiter: common strengths, common gaps, questions that do not discriminate "
    "between candidates (small score spread, or nearly everyone scores high or low), "
    "questions that often need follow-ups, and where candidates drop out. Quote the "
    "numbers you rely on. State only what the figures support; never guess about "
    "individual candidates. Scores are out of 10 per answer and 0-100 per session. "
    "kind is one of: strength, gap, question, funnel, note."
)
# Below this many scored answers a question's spread says little.
MIN_SCORED_FOR_SPREAD = 3
LOW_SPREAD = 1.0
HIGH_FOLLOW_UP_RATE = 0.3
LOW_EVIDENCE_SHARE = 0.2


class ObservationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    text = Trimmed(required=True, validate=validate.Length(min=10, max=300))


def _question_figures(question: dict) -> dict:
    return {
        "number": question["number"],
        "text": question["text"][:200],
        "kind": question["kind"],
        "answered": question["answered"],
        "scored": question["scored"],
        "average_score": question["average_score"],
        "score_spread": question["score_spread"],
        "follow_up_rate": question["follow_up_rate"],
        "stopped_here": question["stopped"],
    }


def figures(report: dict) -> dict:
    """The statistics a model sees: aggregates and question texts, nothing personal."""
    return {
        "role": report["interview"]["role_title"],
        "funnel": {step["step"]: step["count"] for step in report["funnel"]},
        "sessions": report["sessions"],
        "median_duration_minutes": (
            None
            if report["duration"]["median_seconds"] is None
            else round(report["duration"]["median_seconds"] / 60, 1)
        ),
        "session_scores": {
            "scored": report["scores"]["scored"],
            "average": report["scores"]["average"],
            "distribution": {
                f"{b['from']}-{b['to']}": b["count"]
                for b in report["scores"]["distribution"]
            },
        },
        "recommendations": report["recommendations"],
        "competencies": [
            {
                key: c[key]
                for key in ("name", "average", "scored", "insufficient_evidence")
            }
            for c in report["competencies"]
        ],
        "answers": report["answers"],
        "questions": [_question_figures(q) for q in report["questions"]],
        "stopped_before_first_question": report["stopped_before_first_question"],
    }


def insights_prompt(report: dict) -> dict:
    """The provider-neutral request: system rules, the figures as JSON, and the
    report itself for the offline rules."""
    stats = figures(report)
    contents = (
        "Interview statistics (JSON):\n"
        + json.dumps(stats, ensure_ascii=False, indent=1)
        + "\n\nReturn JSON with 3-5 observations."
    )
    return {"system": SYSTEM, "contents": contents, "report": report}


def usable_observations(answer) -> list[dict]:
    """The valid observations of a provider's answer, at most five."""
    items = answer.get("observations") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        return []
    kept = []
    for item in items:
        try:
            kept.append(
                ObservationSchema().load(item if isinstance(item, dict) else {})
            )
        except SchemaValidationError:
            continue
    return kept[:MAX_OBSERVATIONS]
