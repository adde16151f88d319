"""The candidate's rating of their interview, asked once it has ended.

Three levels and an optional comment; one per session (the first is kept, so a
second press or a second tab changes nothing). Recruiters read them as counts and
unsigned comments on the interview's analytics.
"""

from flask_babel import lazy_gettext
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from app.extensions import db
from app.models import (
    EXPERIENCE_COMMENT_MAX,
    EXPERIENCE_RATINGS,
    ExperienceRating,
    InterviewSession,
)
from app.schemas import Trimmed
from app.upsert import insert_once

ENDED = ("completed", "abandoned")
LABELS = {
    "good": lazy_gettext("Good"),
    "okay": lazy_gettext("Okay"),
    "poor": lazy_gettext("Poor"),
}


class ExperienceSchema(Schema):
    rating = fields.String(
        required=True,
        validate=validate.OneOf(
            EXPERIENCE_RATINGS, error="Choose how the interview went for you."
        ),
        error_messages={"required": "Choose how the interview went for you."},
    )
    comment = Trimmed(
        load_default="", validate=validate.Length(max=EXPERIENCE_COMMENT_MAX)
    )


def may_rate(session: InterviewSession) -> bool:
    """Only once the interview has ended: the question never sits beside the others."""
    return session.status in ENDED


def has_rated(session: InterviewSession) -> bool:
    statement = select(ExperienceRating.id).where(
        ExperienceRating.session_id == session.id
    )
    return db.session.scalar(statement) is not None


def record(session: InterviewSession, answer: dict) -> bool:
    """Store the candidate's rating; False when this session was rated already."""
    return insert_once(
        ExperienceRating,
        {
            "session_id": session.id,
            "interview_id": session.interview_id,
            "rating": answer["rating"],
            "comment": answer.get("comment") or "",
        },
        conflict=["session_id"],
    )
