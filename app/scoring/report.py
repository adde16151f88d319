"""A session's final report from its answers' evaluations: plain data in and out.

Overall score: each rubric competency's mean over the answers that gave evidence for
it, weighted by the rubric; competencies with no evidence in any answer are left out
of the weighting (never counted as zero). It is stored 0-100 (the API and exports),
and every sentence a person reads says it out of 10, the scale of the answers, the
competencies, the anchors and the thresholds. Strengths and gaps come from the same
numbers, each strength with a quote, each gap with a suggestion in a whole sentence;
the summary says it in words.
"""

from statistics import mean

from app.ai.scale import out_of_ten
from app.models import Evaluation

STRENGTH_AT = 7.0
GAP_BELOW = 5.0
MAX_STRENGTHS = 3
MAX_COMPETENCY_GAPS = 3
MAX_KEY_POINT_GAPS = 2
RECOMMENDATION_LABELS = {
    "advance": "advance",
    "consider": "consider",
    "do_not_advance": "do not advance",
}


def recommend(score_100: float | None, advance: float, consider: float) -> str | None:
    """advance / consider / do_not_advance from thresholds out of 10."""
    if score_100 is None:
        return None
    score = score_100 / 10
    if score >= advance:
        return "advance"
    if score >= consider:
        return "consider"
    return "do_not_advance"


def competency_profile(rubric: list[dict], evaluations: list[dict]) -> list[dict]:
    """Per competency: mean score over the answers with evidence, and the best quote."""
    profile = []
    scored = [e for e in evaluations if e["status"] == "scored"]
    for item in rubric:
        found = [
            e["competency_scores"][item["key"]]
            for e in scored
            if (e["competency_scores"].get(item["key"]) or {}).get("score") is not None
        ]
        best = max(found, key=lambda c: c["score"], default=None)
        profile.append(
            {
                "key": item["key"],
                "name": item.get("name", item["key"]),
                "weight": item.get("weight", 0),
                "score": round(mean(c["score"] for c in found), 1) if found else None,
                "answers": len(found),
                "quote": (best["evidence"] or [""])[0] if best else "",
                "anchor": (item.get("anchors") or {}).get("5", ""),
            }
        )
    return profile


def overall_score(profile: list[dict]) -> float | None:
    """The rubric-weighted mean of the competencies with evidence, 0-100."""
    weighted = [(c["weight"], c["score"]) for c in profile if c["score"] is not None]
    total = sum(weight for weight, _ in weighted)
    if not weighted or total <= 0:
        return None
    return round(10 * sum(w * s for w, s in weighted) / total, 1)


def _quoted(points: list[str]) -> str:
    quoted = [f"“{point.rstrip('.')}”" for point in points]
    return (
        quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    )


def _missed_sentence(missed: list[str], points: int) -> str:
    them = "it" if len(missed) == 1 else "them"
    if len(missed) >= points:
        said = f"The answer covered none of its key points: {_quoted(missed)}."
    else:
        said = (
            f"The answer did not cover {len(missed)} of its {points} key points: "
            f"{_quoted(missed)}."
        )
    return f"{said} Ask about {them} in a follow-up."


def _gaps(profile: list[dict], evaluations: list[dict]) -> list[dict]:
    gaps = []
    weak = [c for c in profile if c["score"] is None or c["score"] < GAP_BELOW]
    for item in sorted(weak, key=lambda c: (c["score"] is not None, c["score"] or 0)):
        if item["score"] is None:
            suggestion = (
                f"No answer showed evidence of {item['name']}. Ask about it directly "
                "in the next conversation."
            )
        else:
            target = item["anchor"].strip().rstrip(".")
            suggestion = (
                f"{item['name']} scored {item['score']:g} out of 10. Probe it in the "
                "next conversation"
            )
            suggestion += f"; the 7-10 anchor reads “{target}.”" if target else "."
        gaps.append({**_ref(item), "suggestion": suggestion})
    gaps = gaps[:MAX_COMPETENCY_GAPS]
    missing = [
        e
        for e in evaluations
        if e["status"] == "scored"
        and len(e["key_points_missed"]) * 2 >= e["points"] > 0
    ]
    for evaluation in missing[:MAX_KEY_POINT_GAPS]:
        missed = evaluation["key_points_missed"]
        gaps.append(
            {
                "competency": None,
                "name": f"Question {evaluation['position']}",
                "score": evaluation["overall"],
                "suggestion": _missed_sentence(missed, evaluation["points"]),
            }
        )
    return gaps


def _ref(item: dict) -> dict:
    return {"competency": item["key"], "name": item["name"], "score": item["score"]}


def _status(evaluations: list[dict], score: float | None) -> str:
    statuses = {e["status"] for e in evaluations}
    if "failed" in statuses:
        return "failed"
    if "needs_review" in statuses or score is None:
        return "needs_review"
    return "done"


def _flag_sentences(evaluations: list[dict]) -> list[str]:
    counts = {}
    for evaluation in evaluations:
        for flag in evaluation["flags"]:
            counts[flag] = counts.get(flag, 0) + 1
    words = {
        "possible_manipulation": "flagged for a possible manipulation attempt",
        "low_confidence": "scored with low confidence (the samples disagreed)",
        "needs_review": "could not be scored automatically",
    }
    failed = sum(1 for e in evaluations if e["status"] == "failed")
    if failed:
        counts["needs_review"] = counts.get("needs_review", 0) - failed
        counts["failed"] = failed
        words["failed"] = "could not be scored because the AI provider failed"
    return [
        f"{n} answer{'s' if n != 1 else ''} {words[flag]}."
        for flag, n in counts.items()
        if flag in words and n > 0
    ]


def _summary(name, answered, total, score, recommendation, profile, evaluations):
    first = (name or "The candidate").split()[0]
    if score is None:
        text = (
            f"{first} answered {answered} of {total} questions, with no evidence for "
            "any competency; a person needs to review the transcript."
        )
    else:
        label = RECOMMENDATION_LABELS[recommendation]
        text = (
            f"{first} answered {answered} of {total} questions and scored "
            f"{out_of_ten(score):g} out of 10 ({label})."
        )
        ranked = sorted(
            (c for c in profile if c["score"] is not None), key=lambda c: -c["score"]
        )
        if len(ranked) > 1 and ranked[0]["score"] > ranked[-1]["score"]:
            top, low = ranked[0], ranked[-1]
            text += (
                f" Strongest: {top['name']} ({top['score']:g} out of 10);"
                f" weakest: {low['name']} ({low['score']:g} out of 10)."
            )
    return " ".join([text, *_flag_sentences(evaluations)])


def build_report(
    *,
    candidate_name: str,
    rubric: list[dict],
    evaluations: list[dict],
    questions_total: int,
    advance_threshold: float,
    consider_threshold: float,
) -> dict:
    """The session's report fields from its evaluations (plain dicts, see scoring)."""
    profile = competency_profile(rubric, evaluations)
    score = overall_score(profile)
    recommendation = recommend(score, advance_threshold, consider_threshold)
    strengths = [
        {**_ref(c), "evidence": c["quote"]}
        for c in sorted(profile, key=lambda c: -(c["score"] or 0))
        if c["score"] is not None and c["score"] >= STRENGTH_AT
    ][:MAX_STRENGTHS]
    flags = sorted({flag for e in evaluations for flag in e["flags"]})
    status = _status(evaluations, score)
    if status != "done" and status not in flags:
        flags.append(status)
    return {
        "overall_score": score,
        "recommendation": recommendation,
        "strengths": strengths,
        "gaps": _gaps(profile, evaluations),
        "summary": _summary(
            candidate_name,
            len(evaluations),
            questions_total,
            score,
            recommendation,
            profile,
            evaluations,
        ),
        "scoring_status": status,
        "review_flags": flags,
    }


def overridden_scores(evaluation: Evaluation, rubric: list[dict]) -> dict:
    """The competency scores a recruiter's override stands for: their score on every
    competency the AI found evidence for, or on every competency of the rubric when
    it found none (or could not score the answer)."""
    scores = evaluation.competency_scores or {}
    scored = [k for k, v in scores.items() if (v or {}).get("score") is not None]
    keys = scored or [item["key"] for item in rubric]
    human = evaluation.human_overall
    return {
        key: {
            **(scores.get(key) or {"evidence": []}),
            "score": human,
            "status": "scored",
        }
        for key in keys
    }
