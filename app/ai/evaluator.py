"""Evaluate one answered question thread against the interview's rubric.

evaluate_answer(provider, data) asks the provider for scores (a model: three samples
in parallel at temperature 0; the deterministic offline evaluator: one), validates
each answer (schema, ranges, competency keys) and retries an invalid one once, keeps
only evidence quotes found verbatim in the candidate's own messages, and keeps the
median sample. Nothing is defaulted: a competency without verified evidence has no
number ("insufficient_evidence"), and output still invalid after its retry marks the
answer "needs_review". Attempts to instruct the evaluator are flagged, never scored:
on a flagged answer the model reads the answer without the sentences that speak to
the evaluator, and its scores are capped at the offline evaluator's scores of that
same sanitised answer plus INJECTION_MARGIN (a model that still obeys the attempt
cannot lift the score beyond the normal spread of the answer without it).

Plain data in, plain data out: no Flask, no database. A ProviderError (network,
quota) propagates, so the scoring job can try again later.
"""

import math
from concurrent.futures import ThreadPoolExecutor

from app.ai import offline_evaluator
from app.ai.evaluation_prompts import EVALUATION_SCHEMA, evaluation_prompt, prompt_hash
from app.ai.evidence import find_verbatim, manipulation_phrases, sanitised_answer
from app.ai.providers.base import AIProvider, InvalidOutput

CRITERIA = ("relevance", "completeness", "accuracy", "clarity")
DEFAULT_WEIGHTS = {"relevance": 30, "completeness": 25, "accuracy": 30, "clarity": 15}
SAMPLES = 3
LOW_CONFIDENCE_SPREAD = 2.0
MAX_EVIDENCE = 3
MAX_FEEDBACK_CHARS = 2000
INJECTION_MARGIN = 2.0  # the spread above which samples are "low_confidence"


class InvalidEvaluation(Exception):
    """The evaluator's answer breaks the schema, a range or the rubric's keys."""


def parse_weights(text: str | None) -> dict[str, float]:
    """Criteria weights from "30,25,30,15" (relevance, completeness, accuracy,
    clarity); ValueError unless four non-negative numbers with a positive sum."""
    if not text or not text.strip():
        return dict(DEFAULT_WEIGHTS)
    values = [float(part) for part in text.split(",")]
    if len(values) != len(CRITERIA) or min(values) < 0 or sum(values) <= 0:
        raise ValueError(
            "EVAL_CRITERIA_WEIGHTS needs four non-negative numbers, e.g. 30,25,30,15"
        )
    return dict(zip(CRITERIA, values, strict=True))


def weighted(scores: dict[str, float], weights: dict[str, float]) -> float:
    """The weighted mean of the four criteria, 0-10, one decimal."""
    total = sum(weights[k] for k in CRITERIA)
    return round(sum(scores[k] * weights[k] for k in CRITERIA) / total, 1)


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidEvaluation(f"{where} is not a number")
    if math.isnan(value) or not 0 <= value <= 10:
        raise InvalidEvaluation(f"{where} is outside 0-10")
    return float(value)


def _competencies(raw, rubric_keys: list[str]) -> dict[str, dict]:
    if not isinstance(raw, list):
        raise InvalidEvaluation("competencies is not a list")
    found: dict[str, dict] = {}
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise InvalidEvaluation("a competency has no key")
        key = item["key"]
        if key not in rubric_keys:
            raise InvalidEvaluation(f"unknown competency {key!r}")
        if key in found:
            raise InvalidEvaluation(f"competency {key!r} appears twice")
        score = item.get("score")
        if score is not None:
            score = _number(score, f"score of {key}")
        evidence = item.get("evidence", [])
        if not isinstance(evidence, list) or not all(
            isinstance(q, str) for q in evidence
        ):
            raise InvalidEvaluation(f"evidence of {key} is not a list of strings")
        found[key] = {"score": score, "evidence": evidence[:10]}
    missing = [key for key in rubric_keys if key not in found]
    if missing:
        raise InvalidEvaluation(f"missing competencies: {', '.join(missing)}")
    return found


def validate_sample(raw, data: dict) -> dict:
    """The evaluator's answer checked and normalised; InvalidEvaluation if not sound."""
    if not isinstance(raw, dict):
        raise InvalidEvaluation("the answer is not a JSON object")
    keys = [item["key"] for item in data["rubric"]]
    competencies = _competencies(raw.get("competencies"), keys)
    criteria = raw.get("criteria")
    if not isinstance(criteria, dict):
        raise InvalidEvaluation("criteria is missing")
    scores = {k: round(_number(criteria.get(k), f"criterion {k}"), 1) for k in CRITERIA}
    feedback = raw.get("feedback")
    if not isinstance(feedback, str) or not feedback.strip():
        raise InvalidEvaluation("feedback is missing")
    if len(feedback) > MAX_FEEDBACK_CHARS:
        raise InvalidEvaluation("feedback is too long")
    manipulation = raw.get("manipulation_attempt")
    if not isinstance(manipulation, bool):
        raise InvalidEvaluation("manipulation_attempt is not true or false")
    covered = raw.get("key_points_covered", [])
    if not isinstance(covered, list):
        raise InvalidEvaluation("key_points_covered is not a list")
    points = data["question"].get("key_points") or []
    return {
        "competencies": competencies,
        "criteria": scores,
        "feedback": feedback.strip(),
        "manipulation_attempt": manipulation,
        "key_points_covered": [p for p in points if p in covered],
    }


def verify_evidence(sample: dict, answers: list[str]) -> dict:
    """Keep quotes found verbatim in the answers; no verified quote, no number."""
    dropped = []
    for key, item in sample["competencies"].items():
        verified = []
        for quote in item["evidence"]:
            found = find_verbatim(quote, answers)
            if found is None:
                dropped.append(quote[:200])
            elif found not in verified:
                verified.append(found)
        verified = verified[:MAX_EVIDENCE]
        scored = item["score"] is not None and bool(verified)
        sample["competencies"][key] = {
            "score": round(item["score"], 1) if scored else None,
            "evidence": verified if scored else [],
            "status": "scored" if scored else "insufficient_evidence",
        }
    sample["quotes_dropped"] = dropped
    return sample


def _one_sample(provider: AIProvider, prompt: dict, data: dict, weights: dict):
    """One scored sample, its invalid output retried once; InvalidEvaluation if not."""
    problem = None
    for _attempt in range(2):
        try:
            raw = provider.generate_json("evaluate_answer", prompt, EVALUATION_SCHEMA)
            sample = verify_evidence(validate_sample(raw, data), data["answers"])
        except (InvalidOutput, InvalidEvaluation) as exc:
            problem = InvalidEvaluation(str(exc))
            continue
        sample["overall"] = weighted(sample["criteria"], weights)
        return sample
    return problem


def _samples(provider: AIProvider, prompt: dict, data: dict, weights: dict) -> list:
    count = 1 if provider.deterministic else SAMPLES
    if count == 1:
        return [_one_sample(provider, prompt, data, weights)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [
            pool.submit(_one_sample, provider, prompt, data, weights)
            for _ in range(count)
        ]
        return [future.result() for future in futures]


def evaluate_answer(
    provider: AIProvider, data: dict, weights: dict | None = None
) -> dict:
    """Score a question thread; the result is what an Evaluation row stores.

    `data`: question (text, kind, key_points, skills, model_answer), role (title,
    seniority, skills), rubric (the pinned version), thread [(speaker, text)] and
    answers (the candidate's messages, the only place quotes may come from).
    """
    weights = weights or dict(DEFAULT_WEIGHTS)
    phrases = manipulation_phrases(data["answers"])
    if phrases and not provider.deterministic:
        # The offline evaluator already skips such sentences; a model never reads them.
        data = sanitised_data(data)
    prompt = evaluation_prompt(data, weights)
    result = {
        "provider": provider.name,
        "model": getattr(provider, "eval_model", None) or provider.model,
        "prompt_hash": prompt_hash(prompt),
    }
    samples = _samples(provider, prompt, data, weights)
    invalid = [s for s in samples if isinstance(s, InvalidEvaluation)]
    if invalid:
        flags = ["needs_review"] + (["possible_manipulation"] if phrases else [])
        return {
            **result,
            "status": "needs_review",
            "competency_scores": {},
            "criteria": dict.fromkeys(CRITERIA),
            "overall": None,
            "spread": None,
            "feedback": "",
            "flags": flags,
            "error": f"Invalid evaluator output after a retry: {invalid[0]}",
            "details": {"manipulation_phrases": phrases},
        }
    ranked = sorted(samples, key=lambda s: s["overall"])
    kept = ranked[len(ranked) // 2]
    spread = round(ranked[-1]["overall"] - ranked[0]["overall"], 1)
    capped_from = None
    if phrases and not provider.deterministic:
        capped_from = cap_to_offline(kept, data, weights)
    flags = []
    if phrases or any(s["manipulation_attempt"] for s in samples):
        flags.append("possible_manipulation")
    if len(samples) > 1 and spread > LOW_CONFIDENCE_SPREAD:
        flags.append("low_confidence")
    points = data["question"].get("key_points") or []
    return {
        **result,
        "status": "scored",
        "competency_scores": kept["competencies"],
        "criteria": kept["criteria"],
        "overall": kept["overall"],
        "spread": spread if len(samples) > 1 else None,
        "feedback": kept["feedback"],
        "flags": flags,
        "error": "",
        "details": {
            "samples": [s["overall"] for s in samples],
            "key_points_covered": kept["key_points_covered"],
            "key_points_missed": [
                p for p in points if p not in kept["key_points_covered"]
            ],
            "quotes_dropped": kept["quotes_dropped"],
            "manipulation_phrases": phrases,
            "capped_from": capped_from,
        },
    }


def sanitised_data(data: dict) -> dict:
    """The thread with every candidate message sanitised (app.ai.evidence)."""
    thread = [
        (speaker, sanitised_answer(text) if speaker == "candidate" else text)
        for speaker, text in data.get("thread", [])
    ]
    answers = [sanitised_answer(text) for text in data["answers"]]
    return {**data, "thread": thread, "answers": answers}


def cap_to_offline(sample: dict, data: dict, weights: dict) -> float | None:
    """Cap a flagged answer's model scores at the offline evaluator's scores of the
    sanitised answer plus INJECTION_MARGIN; the overall before the cap when it
    applied, else None."""
    offline = offline_evaluator.evaluate(data, weights)
    before = sample["overall"]
    for key in CRITERIA:
        limit = offline["criteria"][key] + INJECTION_MARGIN
        sample["criteria"][key] = min(sample["criteria"][key], round(limit, 1))
    sample["overall"] = weighted(sample["criteria"], weights)
    limit = round(sample["overall"] + INJECTION_MARGIN, 1)
    for item in sample["competencies"].values():
        if item["score"] is not None:
            item["score"] = min(item["score"], limit)
    return before if sample["overall"] < before else None
