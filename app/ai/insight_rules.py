"""The offline provider's insights: fixed rules over an interview's statistics.

Each rule looks at one thing (strongest and weakest competency, missing evidence, a
question that does not separate candidates, follow-ups, drop-outs, completion) and
says it with its numbers; the first five that apply are kept. Same figures, same
observations.
"""

from app.ai.insights import (
    HIGH_FOLLOW_UP_RATE,
    LOW_EVIDENCE_SHARE,
    LOW_SPREAD,
    MAX_OBSERVATIONS,
    MIN_SCORED_FOR_SPREAD,
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _percent(rate: float) -> str:
    return f"{round(rate * 100)}%"


def _scored_competencies(report: dict) -> list[dict]:
    return [c for c in report["competencies"] if c["average"] is not None]


def strength(report: dict) -> dict | None:
    """The competency candidates do best in."""
    scored = _scored_competencies(report)
    if len(scored) < 2:
        return None
    best = max(scored, key=lambda c: (c["average"], c["scored"]))
    return {
        "kind": "strength",
        "text": f"Strongest area across candidates: {best['name']}, averaging "
        f"{best['average']:.1f}/10 over {_plural(best['scored'], 'scored answer')}.",
    }


def gap(report: dict) -> dict | None:
    """The competency candidates do worst in."""
    scored = _scored_competencies(report)
    if len(scored) < 2:
        return None
    worst = min(scored, key=lambda c: (c["average"], -c["scored"]))
    return {
        "kind": "gap",
        "text": f"Weakest area across candidates: {worst['name']}, averaging "
        f"{worst['average']:.1f}/10 over {_plural(worst['scored'], 'scored answer')}.",
    }


def missing_evidence(report: dict) -> dict | None:
    """A competency answers often give no evidence for."""
    shares = []
    for item in report["competencies"]:
        judged = item["scored"] + item["insufficient_evidence"]
        if judged and item["insufficient_evidence"] / judged >= LOW_EVIDENCE_SHARE:
            shares.append((item["insufficient_evidence"] / judged, item, judged))
    if not shares:
        return None
    _share, item, judged = max(shares, key=lambda entry: entry[0])
    return {
        "kind": "gap",
        "text": f"{item['insufficient_evidence']} of {judged} answers gave no evidence "
        f"of {item['name']}: the questions may not invite it.",
    }


def flat_question(report: dict) -> dict | None:
    """The question whose scores barely differ between candidates."""
    candidates = [
        q
        for q in report["questions"]
        if q["scored"] >= MIN_SCORED_FOR_SPREAD
        and q["score_spread"] is not None
        and q["score_spread"] < LOW_SPREAD
    ]
    if not candidates:
        return None
    flat = min(candidates, key=lambda q: (q["score_spread"], q["number"]))
    return {
        "kind": "question",
        "text": f"Question {flat['number']} barely separates candidates: its "
        f"{flat['scored']} scored answers average {flat['average_score']:.1f}/10 "
        f"with a spread of only {flat['score_spread']:.1f}.",
    }


def follow_ups(report: dict) -> dict | None:
    """The question that most often needed a follow-up."""
    rated = [
        q
        for q in report["questions"]
        if q["follow_up_rate"] is not None
        and q["follow_up_rate"] >= HIGH_FOLLOW_UP_RATE
    ]
    if not rated:
        return None
    top = max(rated, key=lambda q: (q["follow_up_rate"], -q["number"]))
    return {
        "kind": "question",
        "text": f"Question {top['number']} needed a follow-up for "
        f"{_percent(top['follow_up_rate'])} of candidates ({top['followed_up']} of "
        f"{top['answered']}): it may be unclear or too broad.",
    }


def drop_outs(report: dict) -> dict | None:
    """The question where most candidates abandoned the interview."""
    stopped = [(q["stopped"]["abandoned"], q) for q in report["questions"]]
    stopped = [(count, q) for count, q in stopped if count]
    if not stopped:
        return None
    count, question = max(stopped, key=lambda entry: (entry[0], -entry[1]["number"]))
    return {
        "kind": "funnel",
        "text": f"Most drop-outs happen at question {question['number']}: "
        f"{_plural(count, 'candidate')} abandoned the interview there.",
    }


def completion(report: dict) -> dict | None:
    """How many candidates who started finished."""
    counts = {step["step"]: step["count"] for step in report["funnel"]}
    if not counts["started"]:
        return None
    rate = counts["completed"] / counts["started"]
    return {
        "kind": "funnel",
        "text": f"{counts['completed']} of {_plural(counts['started'], 'candidate')} "
        f"who started finished the interview ({_percent(rate)}).",
    }


RULES = (strength, gap, missing_evidence, flat_question, follow_ups, drop_outs)


NO_SCORES = {
    "kind": "note",
    "text": "No scored answers yet: observations about strengths, gaps and questions "
    "appear once candidates' answers are scored.",
}


def derive_observations(report: dict) -> list[dict]:
    """Up to five observations from the statistics; a note when nothing is scored."""
    if not report["answers"]["scored"]:
        found = [drop_outs(report), completion(report)]
        return [item for item in found if item is not None] + [NO_SCORES]
    observations = [rule(report) for rule in (*RULES, completion)]
    return [item for item in observations if item is not None][:MAX_OBSERVATIONS]
