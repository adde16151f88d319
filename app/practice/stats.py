"""A candidate's practice numbers: stats over their sessions and their skill gaps.

Both read the feedback written when each session was finalized, so they count
completed sessions (and, for "started", every session that was started).
"""

from collections import defaultdict

from sqlalchemy import select

from app.extensions import db
from app.models import PracticeSession, User

GAP_BELOW = 7.0  # an average answer score (0-10) under this is a gap
MAX_GAPS = 5


def _completed(user: User) -> list[PracticeSession]:
    return list(
        db.session.scalars(
            select(PracticeSession)
            .where(
                PracticeSession.user_id == user.id,
                PracticeSession.status == "completed",
            )
            .order_by(PracticeSession.ended_at, PracticeSession.id)
        )
    )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _answers(sessions: list[PracticeSession]):
    for practice in sessions:
        for answer in (practice.feedback or {}).get("answers", []):
            yield practice, answer


def practice_stats(user: User) -> dict:
    """Sessions started and completed, scores, answers, per track and tag, the trend."""
    started = db.session.scalar(
        select(db.func.count(PracticeSession.id)).where(
            PracticeSession.user_id == user.id,
            PracticeSession.started_at.is_not(None),
        )
    )
    completed = _completed(user)
    scores = [p.overall_score for p in completed if p.overall_score is not None]
    by_track, by_tag = defaultdict(list), defaultdict(list)
    for practice in completed:
        by_track[practice.track].append(practice.overall_score or 0.0)
    for _practice, answer in _answers(completed):
        by_tag[answer["tag"]].append(answer["score"])
    return {
        "sessions_started": started,
        "sessions_completed": len(completed),
        "average_score": _mean(scores),
        "best_score": max(scores) if scores else None,
        "questions_answered": sum(1 for _ in _answers(completed)),
        "member_since": user.created_at,
        "account_status": _account_status(user),
        "tracks": [
            {"track": track, "sessions": len(values), "average_score": _mean(values)}
            for track, values in sorted(by_track.items())
        ],
        "tags": [
            {"tag": tag, "answers": len(values), "average_score": _mean(values)}
            for tag, values in sorted(by_tag.items())
        ],
        "trend": [
            {
                "session_id": p.id,
                "date": (p.ended_at or p.created_at).date().isoformat(),
                "track": p.track,
                "score": p.overall_score,
            }
            for p in completed
        ],
    }


def _account_status(user: User) -> str:
    if not user.is_active:
        return "deactivated"
    return "active" if user.email_verified_at else "email not confirmed"


def _recommended_difficulty(average: float) -> str:
    if average < 4:
        return "easy"
    return "medium" if average < GAP_BELOW else "hard"


def skill_gaps(user: User) -> dict:
    """The tags and competencies where the candidate scores lowest, each with the
    answers that show it, and what to practise next."""
    completed = _completed(user)
    by_tag, by_category = defaultdict(list), defaultdict(list)
    for practice, answer in _answers(completed):
        by_tag[answer["tag"]].append((practice, answer))
        by_category[answer["category"]].append(answer["score"])
    ranked = sorted(
        by_tag.items(),
        key=lambda item: (_mean([a["score"] for _p, a in item[1]]), item[0]),
    )
    gaps = []
    for tag, entries in ranked:
        average = _mean([a["score"] for _p, a in entries])
        if average >= GAP_BELOW or len(gaps) >= MAX_GAPS:
            break
        weakest = sorted(entries, key=lambda e: e[1]["score"])[:2]
        gaps.append(
            {
                "tag": tag,
                "average_score": average,
                "answers": len(entries),
                "evidence": [
                    {
                        "session_id": p.id,
                        "question": a["question"],
                        "score": a["score"],
                        "quote": a["quote"] or a["answer"][:200],
                        "missing": a["missing"][:2],
                    }
                    for p, a in weakest
                ],
                "recommendation": {
                    # Practise where the weakest answer was.
                    "track": weakest[0][0].track,
                    "tag": tag,
                    "difficulty": _recommended_difficulty(average),
                },
            }
        )
    competencies = sorted(
        (
            {"competency": name, "average_score": _mean(scores), "answers": len(scores)}
            for name, scores in by_category.items()
        ),
        key=lambda c: (c["average_score"], c["competency"]),
    )
    return {"gaps": gaps, "competencies": competencies}
