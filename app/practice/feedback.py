"""Feedback the moment a practice session ends: per answer and per session.

An answer the evaluator has scored (app/scoring, with the configured AI or the offline
provider) keeps that score; one it has not scored yet gets Viva's basic evaluator,
which looks at key points, specificity and structure and says that it is basic.
Quotes are always verbatim sentences of the candidate's own answers.
"""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import BankQuestion, Evaluation, Message, PracticeSession

BASIC_NOTE = (
    "Scored by Viva's basic evaluator: it checks which key points you covered, how "
    "specific you were and how you structured the answer, not every technical detail."
)
BASIC = ("basic", "offline")
CATEGORIES = {
    "technical": "technical",
    "behavioral": "behavioural",
    "situational": "judgement",
    "warmup": "communication",
}
SPECIFIC = re.compile(r"\d|%|\b(i|we|my|our)\b|\bfor example\b|\bfor instance\b", re.I)
STRUCTURE = re.compile(
    r"\b(first|second|then|finally|because|so that|as a result|situation|result)\b",
    re.I,
)
STOP = {"that", "this", "with", "from", "your", "what", "have", "they", "when", "into"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9+#]{4,}", text.lower()) if w not in STOP}


def sentences(text: str) -> list[str]:
    """The answer's sentences, verbatim."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def basic_score(answer: str, key_points: list[str]) -> dict:
    """Score 0-10 from key point coverage (60%), specificity (20%), structure (20%)."""
    words = _words(answer)
    covered = [p for p in key_points if _words(p) & words]
    missed = [p for p in key_points if p not in covered]
    coverage = len(covered) / len(key_points) if key_points else 0.0
    specific = min(len(SPECIFIC.findall(answer)) / 4, 1.0)
    structure = min(len(STRUCTURE.findall(answer)) / 3 + len(sentences(answer)) / 8, 1)
    if len(answer.split()) < 15:
        specific, structure = specific / 2, structure / 2
    score = 10 * (0.6 * coverage + 0.2 * specific + 0.2 * structure)
    return {"score": round(score, 1), "covered": covered, "missed": missed}


def best_quote(answer: str, points: list[str]) -> str:
    """The sentence of the answer that shares most words with the points."""
    wanted = set().union(*(_words(p) for p in points)) if points else set()
    ranked = sorted(sentences(answer), key=lambda s: -len(_words(s) & wanted))
    return ranked[0][:300] if ranked else ""


def _answers(session_id: int) -> dict[int, str]:
    rows = db.session.execute(
        select(Message.question_id, Message.content)
        .where(Message.session_id == session_id, Message.role == "candidate")
        .order_by(Message.seq)
    ).all()
    answers: dict[int, list[str]] = {}
    for question_id, content in rows:
        answers.setdefault(question_id, []).append(content)
    return {qid: "\n".join(parts) for qid, parts in answers.items()}


def answer_feedback(item: dict, answer: str, evaluation, bank: BankQuestion) -> dict:
    """One answer's feedback: score, category, what was good and missing, outline."""
    basic = basic_score(answer, list(bank.key_points))
    scored = evaluation is not None and evaluation.status == "scored"
    details = (evaluation.details or {}) if scored else {}
    covered = details.get("key_points_covered", basic["covered"])
    missed = details.get("key_points_missed", basic["missed"])
    return {
        "bank_id": bank.id,
        "question": bank.text,
        "kind": bank.kind,
        "category": CATEGORIES[bank.kind],
        "tag": bank.main_tag,
        "difficulty": bank.difficulty,
        "answer": answer,
        "score": round(evaluation.overall, 1) if scored else basic["score"],
        "good": list(covered),
        "missing": list(missed),
        "quote": best_quote(answer, list(covered)) if answer else "",
        "comment": evaluation.feedback if scored and evaluation.feedback else "",
        "model_answer": list(bank.model_answer),
        "evaluator": evaluation.provider if scored else "basic",
    }


def next_steps(practice: PracticeSession, answers: list[dict]) -> list[str]:
    """Three to five concrete things to practise next."""
    steps = []
    weak = sorted(answers, key=lambda a: a["score"])
    for item in weak[:2]:
        if item["score"] < 7 and item["missing"]:
            steps.append(
                f"Revisit \u201c{item['question']}\u201d and cover: "
                f"{item['missing'][0].rstrip('.').lower()}."
            )
    for item in weak[:2]:
        if item["score"] < 6:
            steps.append(
                f"Practise more {item['tag'].replace('-', ' ')} questions at "
                f"{item['difficulty']} difficulty."
            )
    if any(a["category"] == "behavioural" and a["score"] < 6 for a in answers):
        steps.append(
            "Structure behavioural answers as situation, task, action and result, and "
            "say what you did yourself."
        )
    if all(a["score"] >= 7 for a in answers):
        steps.append("You are ready for a harder session: choose hard or adaptive.")
    steps.append(
        "Add one concrete number or example to every answer: it makes claims credible."
    )
    return list(dict.fromkeys(steps))[:5]


def session_feedback(practice: PracticeSession, session) -> dict:
    """Per-answer feedback and the session's overall 0-100, strengths, gaps, steps."""
    answers = _answers(session.id)
    evaluations = {
        e.question_id: e
        for e in db.session.scalars(
            select(Evaluation).where(Evaluation.session_id == session.id)
        )
    }
    items = []
    for item in practice.plan:
        if item["kind"] == "warmup" or item["question_id"] not in answers:
            continue
        bank = db.session.get(BankQuestion, item["bank_id"])
        answer = answers[item["question_id"]]
        evaluation = evaluations.get(item["question_id"])
        items.append(answer_feedback(item, answer, evaluation, bank))
    scores = [a["score"] for a in items]
    overall = round(10 * sum(scores) / len(scores), 1) if scores else 0.0
    ranked = sorted(items, key=lambda a: -a["score"])
    strengths = [
        {"tag": a["tag"], "point": a["good"][0], "quote": a["quote"]}
        for a in ranked
        if a["score"] >= 6 and a["good"] and a["quote"]
    ][:3]
    gaps = [
        {
            "tag": a["tag"],
            "point": a["missing"][0],
            "quote": best_quote(a["answer"], [a["question"]]),
        }
        for a in reversed(ranked)
        if a["score"] < 7 and a["missing"]
    ][:3]
    return {
        "overall": overall,
        "answers": items,
        "strengths": strengths,
        "gaps": gaps,
        "next_steps": next_steps(practice, items),
        "note": BASIC_NOTE if any(a["evaluator"] in BASIC for a in items) else "",
    }
