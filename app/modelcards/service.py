"""The model card of one interview's rubric version, as plain data.

Agreement compares the AI's score of a question with the recruiter's override of it
(app.results.overrides) on the 0-10 scale: mean absolute difference, exact-match share
(both rounded to whole points) and the mean signed difference (human minus AI).
Spread: count, mean, standard deviation and quantiles of the AI's question scores
and of the sessions' overall scores (0-100) under this version.
"""

from statistics import mean, pstdev, quantiles

from flask import current_app
from sqlalchemy import select

from app.ai.evaluation_prompts import instructions_hash
from app.ai.evaluator import parse_weights
from app.errors import NotFound
from app.extensions import db
from app.interviews.rubrics import rubric_for
from app.models import (
    Calibration,
    Evaluation,
    InterviewSession,
    RubricVersion,
    User,
)
from app.ownership import get_interview


def current_weights() -> dict:
    """The evaluator's criteria weights as configured (EVAL_CRITERIA_WEIGHTS)."""
    return parse_weights(current_app.config.get("EVAL_CRITERIA_WEIGHTS"))


def spread(values: list[float]) -> dict:
    """count, mean, sd, min, p25, median, p75, max (None when there is no value)."""
    values = sorted(float(v) for v in values)
    if not values:
        return {
            "count": 0,
            **dict.fromkeys(("mean", "sd", "min", "p25", "median", "p75", "max")),
        }
    cuts = (
        quantiles(values, n=4, method="inclusive")
        if len(values) > 1
        else [values[0]] * 3
    )
    return {
        "count": len(values),
        "mean": round(mean(values), 2),
        "sd": round(pstdev(values), 2),
        "min": values[0],
        "p25": round(cuts[0], 2),
        "median": round(cuts[1], 2),
        "p75": round(cuts[2], 2),
        "max": values[-1],
    }


def agreement(pairs: list[tuple[float, float]]) -> dict:
    """AI-human agreement over (ai, human) pairs on the 0-10 scale."""
    if not pairs:
        return {
            "pairs": 0,
            "mean_absolute_difference": None,
            "exact_match_share": None,
            "mean_difference": None,
        }
    return {
        "pairs": len(pairs),
        "mean_absolute_difference": round(mean(abs(h - a) for a, h in pairs), 2),
        "exact_match_share": round(
            sum(1 for a, h in pairs if round(a) == round(h)) / len(pairs), 3
        ),
        "mean_difference": round(mean(h - a for a, h in pairs), 2),
    }


def _versions(interview) -> list[int]:
    stored = db.session.scalars(
        select(RubricVersion.version).where(RubricVersion.interview_id == interview.id)
    ).all()
    return sorted(set(stored) | {interview.rubric_version})


def calibration_figures(interview, version: int) -> dict | None:
    """The scored calibration of this rubric version (app.calibration), or None."""
    calibration = db.session.scalars(
        select(Calibration).where(
            Calibration.interview_id == interview.id,
            Calibration.rubric_version == version,
            Calibration.result.isnot(None),
        )
    ).first()
    if calibration is None:
        return None
    return {
        "samples": len(calibration.samples),
        "scored_at": calibration.scored_at,
        "overall": calibration.result["overall"],
        "competencies": calibration.result["competencies"],
    }


def model_card(actor: User, interview_id: int, version: int | None, weights: dict):
    """The card of `version` (default: the interview's current rubric version)."""
    interview = get_interview(actor, interview_id)
    version = version or interview.rubric_version
    versions = _versions(interview)
    if version not in versions:
        raise NotFound("This interview has no such rubric version.")
    evaluations = db.session.scalars(
        select(Evaluation)
        .join(InterviewSession, Evaluation.session_id == InterviewSession.id)
        .where(
            InterviewSession.interview_id == interview.id,
            Evaluation.rubric_version == version,
        )
    ).all()
    scored = [e for e in evaluations if e.status == "scored" and e.overall is not None]
    models: dict[tuple[str, str], int] = {}
    for e in scored:
        models[(e.provider, e.model)] = models.get((e.provider, e.model), 0) + 1
    sessions = db.session.scalars(
        select(InterviewSession.overall_score).where(
            InterviewSession.interview_id == interview.id,
            InterviewSession.rubric_version == version,
            InterviewSession.overall_score.isnot(None),
        )
    ).all()
    pairs = [
        (e.overall, e.human_overall) for e in scored if e.human_overall is not None
    ]
    return {
        "interview": {"id": interview.id, "role_title": interview.role_title},
        "rubric_version": version,
        "versions": versions,
        "rubric": rubric_for(interview, version),
        "evaluators": [
            {"provider": p, "model": m, "answers": n}
            for (p, m), n in sorted(models.items(), key=lambda item: -item[1])
        ],
        "instructions_hash": instructions_hash(weights),
        "criteria_weights": weights,
        "agreement": agreement(pairs),
        "calibration": calibration_figures(interview, version),
        "question_scores": spread([e.overall for e in scored]),
        "session_scores": spread(list(sessions)),
        "flagged_answers": sum(
            1 for e in scored if "possible_manipulation" in (e.flags or [])
        ),
    }
