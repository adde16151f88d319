"""Calibration rules: make sample answers, score them, compare with a recruiter.

Before activating an interview a recruiter may calibrate it. Viva writes 3-5 sample
answers to the interview's approved questions from each question's model answer and
key points at three qualities (strong, middling, weak; deterministic), scores them
with the configured evaluator, and the recruiter scores the same answers per rubric
competency on the same 0-10 scale. Agreement per competency and overall: mean
absolute difference and exact-match share (whole points), as on the model card.
A competency the AI found no evidence of counts as 0 (it was not shown).

Below the workspace's threshold (overall mean absolute difference above
Workspace.calibration_max_difference) activating needs a reason, audited. No
calibration, an unscored one, or one of an older rubric version: activation as usual.
"""

from flask import current_app
from sqlalchemy import delete, select

from app.ai.evaluator import evaluate_answer, parse_weights
from app.ai.providers import ProviderError, get_provider
from app.ai.scale import SCALE_MAX
from app.audit import record_event
from app.errors import InteractionError, NotFound, ValidationError
from app.extensions import db
from app.interviews.rubrics import rubric_for
from app.modelcards.service import agreement
from app.models import Calibration, Interview, User, Workspace, utcnow
from app.ownership import get_interview, get_membership, manageable_workspace

QUALITIES = ("strong", "middling", "weak", "middling", "strong")
MIN_SAMPLES, MAX_SAMPLES = 3, 5
WEAK_ANSWER = (
    "I have not really done this before. I would probably search online for it "
    "and ask someone on the team what they usually do."
)


def sample_answer(question, quality: str) -> str:
    """A deterministic answer to `question` at `quality` from its model answer and
    key points (strong: all of them; middling: the first half; weak: none)."""
    points = [p.strip().rstrip(".") for p in (question.key_points or []) if p.strip()]
    points = [point[0].upper() + point[1:] for point in points]
    if quality == "weak":
        return WEAK_ANSWER
    if quality == "middling":
        kept = points[: max(1, len(points) // 2)] if points else []
        lines = [f"{point}: I know the basics of this." for point in kept]
        return " ".join(lines + ["I am less sure about the rest of it."])
    lines = [question.model_answer.strip()] if question.model_answer.strip() else []
    lines += [
        f"{point}: I handled this myself in my last role and can give details."
        for point in points
    ]
    return " ".join(lines) or "I would explain my approach step by step with examples."


def _ai_scores(provider, interview: Interview, question, answer: str, rubric, weights):
    data = {
        "question": {
            "text": question.text,
            "kind": question.kind,
            "key_points": list(question.key_points),
            "skills": list(question.skills),
            "model_answer": question.model_answer,
            "gold_answer": "",
        },
        "role": {
            "title": interview.role_title,
            "seniority": interview.seniority,
            "skills": list(interview.skills),
            "language": interview.language,
        },
        "rubric": rubric,
        "thread": [("interviewer", question.text), ("candidate", answer)],
        "answers": [answer],
    }
    try:
        result = evaluate_answer(provider, data, weights)
    except ProviderError as error:
        raise InteractionError(f"The evaluator failed: {error}") from error
    if result["status"] != "scored":
        raise InteractionError("The evaluator could not score a sample; try again.")
    scores = result["competency_scores"]
    return {
        item["key"]: round((scores.get(item["key"]) or {}).get("score") or 0.0, 1)
        for item in rubric
    }


def create_calibration(actor: User, interview_id: int, *, origin=None) -> Calibration:
    """Write and AI-score sample answers for a draft interview (replacing any earlier
    calibration)."""
    interview = get_interview(actor, interview_id)
    if interview.status != "draft":
        raise InteractionError("Only a draft interview is calibrated before go-live.")
    questions = [q for q in interview.questions if q.approved]
    if not questions:
        message = "Approve at least one question before calibrating this interview."
        raise InteractionError(message, details={"questions": [message]})
    rubric = rubric_for(interview, None)
    if not rubric:
        raise InteractionError("Give this interview a rubric before calibrating it.")
    provider = get_provider(current_app)
    weights = parse_weights(current_app.config.get("EVAL_CRITERIA_WEIGHTS"))
    count = min(MAX_SAMPLES, max(MIN_SAMPLES, len(questions)))
    samples = []
    for index, quality in enumerate(QUALITIES[:count]):
        question = questions[index % len(questions)]
        answer = sample_answer(question, quality)
        ai = _ai_scores(provider, interview, question, answer, rubric, weights)
        samples.append(
            {
                "id": index + 1,
                "question_id": question.id,
                "question": question.text,
                "quality": quality,
                "answer": answer,
                "ai": ai,
            }
        )
    db.session.execute(
        delete(Calibration).where(Calibration.interview_id == interview.id)
    )
    calibration = Calibration(
        interview_id=interview.id,
        rubric_version=interview.rubric_version,
        samples=samples,
        created_by_id=actor.id,
    )
    db.session.add(calibration)
    record_event(
        "interview.calibration_created",
        actor=actor,
        target=interview,
        details={"samples": len(samples), "provider": provider.name},
        **(origin or {}),
    )
    db.session.flush()
    return calibration


def find_calibration(interview: Interview) -> Calibration | None:
    """The interview's calibration, or None."""
    return db.session.scalars(
        select(Calibration).where(Calibration.interview_id == interview.id)
    ).first()


def _keys(calibration: Calibration) -> list[str]:
    return list(calibration.samples[0]["ai"]) if calibration.samples else []


def _check_human(calibration: Calibration, scores: dict) -> dict:
    """{sample id: {competency: score}} for every sample and competency, or an error."""
    keys, errors, clean = _keys(calibration), {}, {}
    for sample in calibration.samples:
        given = scores.get(sample["id"]) or {}
        missing = [key for key in keys if key not in given]
        unknown = [key for key in given if key not in keys]
        if missing or unknown:
            problems = [f"Score {key}." for key in missing]
            problems += [f"{key} is not in this rubric." for key in unknown]
            errors[f"sample_{sample['id']}"] = problems
            continue
        clean[str(sample["id"])] = {key: float(given[key]) for key in keys}
    extra = set(scores) - {s["id"] for s in calibration.samples}
    if extra:
        errors["samples"] = [f"No sample {i}." for i in sorted(extra)]
    if errors:
        raise ValidationError("Score every sample on every competency.", errors)
    return clean


def figures(calibration: Calibration, human: dict, rubric: list[dict]) -> dict:
    """Agreement per competency and overall from the AI's and the human's scores."""
    names = {item["key"]: item.get("name", item["key"]) for item in rubric}
    per_key: dict[str, list] = {key: [] for key in _keys(calibration)}
    for sample in calibration.samples:
        for key, ai in sample["ai"].items():
            per_key[key].append((ai, human[str(sample["id"])][key]))
    competencies = [
        {"key": key, "name": names.get(key, key), **agreement(pairs)}
        for key, pairs in per_key.items()
    ]
    every = [pair for pairs in per_key.values() for pair in pairs]
    return {"competencies": competencies, "overall": agreement(every)}


def score_calibration(
    actor: User, interview_id: int, scores: dict, *, origin=None
) -> Calibration:
    """Store the recruiter's scores of the samples and the agreement figures."""
    interview = get_interview(actor, interview_id)
    calibration = find_calibration(interview)
    if calibration is None:
        raise NotFound("This interview has no calibration yet: create one first.")
    human = _check_human(calibration, scores)
    calibration.human_scores = human
    calibration.result = figures(
        calibration, human, rubric_for(interview, calibration.rubric_version)
    )
    calibration.scored_at = utcnow()
    record_event(
        "interview.calibration_scored",
        actor=actor,
        target=interview,
        details={"overall": calibration.result["overall"]},
        **(origin or {}),
    )
    db.session.flush()
    return calibration


def threshold(interview: Interview) -> float:
    """The workspace's largest mean absolute difference that activates freely."""
    workspace = db.session.get(Workspace, interview.product.workspace_id)
    return workspace.calibration_max_difference if workspace else 1.5


def status(interview: Interview, calibration: Calibration | None) -> dict:
    """Where calibration stands: none, awaiting scores, stale, passed or too low."""
    limit = threshold(interview)
    if calibration is None:
        state = "none"
    elif calibration.rubric_version != interview.rubric_version:
        state = "stale"
    elif calibration.result is None:
        state = "awaiting_scores"
    else:
        difference = calibration.result["overall"]["mean_absolute_difference"]
        state = "passed" if difference <= limit else "too_low"
    return {"state": state, "threshold": limit, "scale_max": SCALE_MAX}


def check_activation(
    actor: User, interview: Interview, reason: str | None, origin=None
) -> None:
    """Refuse activating when calibration agreement is too low and no reason is given;
    with a reason, audit the override."""
    calibration = find_calibration(interview)
    state = status(interview, calibration)
    if state["state"] != "too_low":
        return
    overall = calibration.result["overall"]
    if not (reason or "").strip():
        message = (
            f"AI-human agreement is too low: the scores differ by "
            f"{overall['mean_absolute_difference']} points on average (this "
            f"workspace allows {state['threshold']}). Give a reason to activate anyway."
        )
        raise InteractionError(message, details={"override_reason": [message]})
    record_event(
        "interview.calibration_overridden",
        actor=actor,
        target=interview,
        details={
            "reason": reason.strip()[:500],
            "mean_absolute_difference": overall["mean_absolute_difference"],
            "exact_match_share": overall["exact_match_share"],
            "threshold": state["threshold"],
        },
        **(origin or {}),
    )


def calibration_view(actor: User, interview_id: int) -> dict:
    """Everything the page and the API show: samples, scores, figures and status."""
    interview = get_interview(actor, interview_id)
    calibration = find_calibration(interview)
    return {
        "interview": interview,
        "calibration": calibration,
        "rubric": rubric_for(interview, None),
        **status(interview, calibration),
    }


def calibration_data(actor: User, interview_id: int) -> dict:
    """The calibration as plain data (the API's answer)."""
    view = calibration_view(actor, interview_id)
    calibration = view["calibration"]
    human = (calibration.human_scores if calibration else None) or {}
    result = (calibration.result if calibration else None) or {}
    return {
        "interview_id": view["interview"].id,
        "state": view["state"],
        "threshold": view["threshold"],
        "rubric_version": calibration.rubric_version if calibration else None,
        "samples": [
            {**sample, "human": human.get(str(sample["id"]))}
            for sample in (calibration.samples if calibration else [])
        ],
        "competencies": result.get("competencies", []),
        "overall": result.get("overall"),
    }


def calibration_settings(actor: User, workspace_id: int) -> dict:
    """A workspace's calibration threshold (any member may read it)."""
    workspace = get_membership(actor, workspace_id).workspace
    return {
        "workspace_id": workspace.id,
        "max_mean_absolute_difference": workspace.calibration_max_difference,
    }


def set_calibration_threshold(
    actor: User, workspace_id: int, value: float, *, origin=None
) -> dict:
    """Change the threshold (the workspace's owners and admins), audited."""
    workspace = manageable_workspace(actor, workspace_id)
    previous = workspace.calibration_max_difference
    workspace.calibration_max_difference = round(float(value), 2)
    record_event(
        "workspace.calibration_threshold_changed",
        actor=actor,
        target=workspace,
        details={"from": previous, "to": workspace.calibration_max_difference},
        **(origin or {}),
    )
    db.session.flush()
    return calibration_settings(actor, workspace_id)
