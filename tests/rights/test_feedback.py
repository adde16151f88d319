"""The feedback report: off by default; when the interview offers it, the candidate
gets their strengths and 2-3 tips after scoring, quoting their own answers, with no
score and no verdict, once."""

import re

from app.extensions import db
from app.models import InterviewSession
from app.rights import faq, feedback
from tests.support.interviews import take_interview

STRONG = [
    "I design REST APIs around resources: jobs and applications, with cursor "
    "pagination, idempotency keys on POST, and versioned URLs. I measured p95 "
    "latency before and after, and an index on created_at cut it from 900 to 180 ms.",
    "First I measure, then profile: I found an N+1 query, batched it, added an "
    "index, and verified with a load test that p95 fell below 200 ms in production.",
]


def feedback_mails(mailbox, email):
    return [
        m
        for m in mailbox.messages()
        if m.to == email and m.subject.startswith("Feedback on your interview")
    ]


def test_no_feedback_report_unless_the_interview_offers_it(interview, mailbox):
    session = take_interview(interview, list(STRONG))
    assert session.scored_at is not None
    assert feedback_mails(mailbox, session.invitation.email) == []
    assert feedback.send_feedback(session.id) == "skipped"


def test_the_feedback_report_quotes_the_answers_without_score_or_verdict(
    interview, recruiter, mailbox
):
    faq.save_settings(recruiter, interview.id, [], True)
    db.session.commit()
    session = take_interview(interview, list(STRONG))
    session = db.session.get(InterviewSession, session.id)
    assert session.scored_at is not None
    [mail] = feedback_mails(mailbox, session.invitation.email)
    assert "Tips for next time" in mail.text
    tips = mail.text.split("Tips for next time", 1)[1]
    assert 2 <= len(re.findall(r"^- ", tips, re.MULTILINE)) <= 3
    quoted = re.findall(r'(?:you said|began): "([^"]+)"', mail.text)
    assert quoted and all(
        any(
            q.rstrip("…") in answer or answer.startswith(q.rstrip("…"))
            for answer in STRONG
        )
        for q in quoted
    )
    lowered = mail.text.lower()
    for verdict in ("advance", "do not advance", "consider", "score", "/10", "reject"):
        assert verdict not in lowered
    assert str(session.overall_score) not in mail.text
    assert feedback.send_feedback(session.id) == "skipped"  # once
