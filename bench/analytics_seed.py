"""Bulk-insert a large interview for bench/analytics.py: sessions, messages, scores.

One recruiter, one product, one active interview with 12 questions and the default
rubric. Per 10 answers there is one session: 75% completed (12 answers each), 15%
abandoned and 10% still in progress (4 answers each, stopped at question 5); 30% of
answered questions got a follow-up. 25% more invitations than sessions were never
started (half of them opened). Rows go in with executemany-style bulk inserts of plain
dicts, in chunks; the random data is seeded, so every run writes the same rows.
"""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import (
    DEFAULT_RUBRIC,
    Evaluation,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Product,
    Question,
    User,
)
from app.models.crypto import email_hash
from app.ownership import current_workspace

QUESTIONS = 12
UNFINISHED_ANSWERS = 4
CHUNK = 5_000
PASSWORD = "BenchPassw0rd"
KEYS = [item["key"] for item in DEFAULT_RUBRIC]
T0 = datetime(2026, 9, 1, tzinfo=UTC)


def _bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def _base(email: str) -> tuple[int, int, list[int]]:
    """The recruiter, product, interview and questions; returns their ids."""
    user = User(
        email=email,
        username=email.split("@")[0],
        full_name="Bench Recruiter",
        password_hash=hash_password(PASSWORD),
        role="recruiter",
        email_verified_at=T0,
    )
    db.session.add(user)
    db.session.flush()
    product = Product(
        owner=user,
        workspace_id=current_workspace(user).id,  # products belong to a workspace
        name="Bench Co.",
        description="Benchmark product.",
    )
    interview = Interview(
        product=product, role_title="Bench Engineer", status="active", activated_at=T0
    )
    for position in range(QUESTIONS):
        interview.questions.append(
            Question(position=position, text=f"Bench question {position + 1}?")
        )
    db.session.add_all([user, product, interview])
    db.session.flush()
    return user.id, interview.id, [q.id for q in interview.questions]


def _competencies(rng: random.Random) -> dict:
    scores = {}
    for key in KEYS:
        if rng.random() < 0.05:
            scores[key] = {
                "score": None,
                "evidence": [],
                "status": "insufficient_evidence",
            }
        else:
            score = round(rng.uniform(2, 10), 1)
            scores[key] = {"score": score, "evidence": ["quote"], "status": "scored"}
    return scores


def _thread(rng, session_id, question_id, seq, messages, evaluations, now):
    """One answered question: asked, answered, maybe followed up, evaluated."""
    turns = [("interviewer", False), ("candidate", False)]
    if rng.random() < 0.3:
        turns += [("interviewer", True), ("candidate", True)]
    for role, follow_up in turns:
        seq += 1
        messages.append(
            {
                "session_id": session_id,
                "seq": seq,
                "role": role,
                "question_id": question_id,
                "is_follow_up": follow_up,
                "content": "An answer about queues, retries and metrics."
                if role == "candidate"
                else "Tell me more?",
                "created_at": now,
            }
        )
    overall = None if rng.random() < 0.01 else round(rng.uniform(1, 10), 1)
    evaluations.append(
        {
            "session_id": session_id,
            "question_id": question_id,
            "competency_scores": _competencies(rng),
            "overall": overall,
            "flags": [],
            "provider": "offline",
            "created_at": now,
            "updated_at": now,
        }
    )
    return seq


def _session_row(rng, n, interview_id, status, question_ids) -> dict:
    started = T0 + timedelta(minutes=rng.randrange(60 * 24 * 60))
    done = status == "completed"
    score = round(rng.uniform(10, 100), 1) if done else None
    recommendation = None
    if score is not None:
        recommendation = (
            "advance"
            if score >= 75
            else "consider"
            if score >= 50
            else "do_not_advance"
        )
    return {
        "id": n,
        "invitation_id": n,
        "interview_id": interview_id,
        "status": status,
        "phase": "completed" if done else "question",
        "current_question_id": question_ids[-1 if done else UNFINISHED_ANSWERS],
        "started_at": started,
        "ended_at": started + timedelta(seconds=rng.randrange(600, 3000))
        if done
        else None,
        "overall_score": score,
        "recommendation": recommendation,
        "scoring_status": "done" if done else "pending",
        "created_at": started,
        "updated_at": started,
    }


def _invitation_row(n, interview_id, status, opened) -> dict:
    return {
        "id": n,
        "interview_id": interview_id,
        "email": f"candidate{n}@example.com",
        # Core inserts skip the ORM listener that keeps the lookup hash in step.
        "email_hash": email_hash(f"candidate{n}@example.com"),
        "name": f"Candidate {n}",
        "token_hash": f"{n:064x}",
        "status": status,
        "expires_at": T0 + timedelta(days=90),
        "sent_at": T0,
        "opened_at": T0 if opened else None,
        "created_at": T0,
        "updated_at": T0,
    }


def seed_interview(answers: int, email: str = "bench@example.com") -> dict:
    """Write an interview with `answers` answered questions (answers // 10 sessions)."""
    rng = random.Random(7)
    user_id, interview_id, question_ids = _base(email)
    sessions = answers // 10
    invitations, session_rows, messages, evaluations = [], [], [], []
    for n in range(1, sessions + 1):
        # 15 of every 20 sessions completed, 3 abandoned, 2 still in progress.
        slot = n % 20
        status = (
            "completed" if slot < 15 else "abandoned" if slot < 18 else "in_progress"
        )
        row = _session_row(rng, n, interview_id, status, question_ids)
        session_rows.append(row)
        invitation_status = "completed" if status == "completed" else "started"
        invitations.append(_invitation_row(n, interview_id, invitation_status, True))
        answered = QUESTIONS if status == "completed" else UNFINISHED_ANSWERS
        seq = 0
        for question_id in question_ids[:answered]:
            seq = _thread(
                rng, n, question_id, seq, messages, evaluations, row["started_at"]
            )
    for n in range(sessions + 1, sessions + sessions // 4 + 1):
        invitations.append(_invitation_row(n, interview_id, "sent", n % 2 == 0))
    _bulk(Invitation, invitations)
    _bulk(InterviewSession, session_rows)
    _bulk(Message, messages)
    _bulk(Evaluation, evaluations)
    db.session.commit()
    return {
        "user_id": user_id,
        "interview_id": interview_id,
        "product_id": db.session.get(Interview, interview_id).product_id,
        "sessions": sessions,
        "answers": len(evaluations),
        "messages": len(messages),
        "invitations": len(invitations),
    }
