"""Forms and JSON shapes: a flag on an answer, a request for a person, its answer."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.models import FLAG_REASONS, REVIEW_REASONS, REVIEW_STATUSES
from app.schemas import Trimmed

FLAG_REASON_LABELS = {
    "technical_problem": "A technical problem",
    "question_unclear": "The question was unclear",
    "transcript_wrong": "The transcript is wrong",
}
REVIEW_REASON_LABELS = {
    "human_review": "A person reviews my interview",
    "alternative": "An alternative to the AI interview",
    "accommodation": "An adjustment or accommodation",
}


class FlagSchema(Schema):
    reason = fields.String(
        required=True,
        validate=validate.OneOf(FLAG_REASONS, error="Choose what went wrong."),
        error_messages={"required": "Choose what went wrong."},
    )
    comment = Trimmed(
        load_default="",
        validate=validate.Length(max=2000, error="Use at most 2,000 characters."),
    )


class ReviewRequestSchema(Schema):
    reason = fields.String(
        required=True,
        validate=validate.OneOf(REVIEW_REASONS, error="Choose what you would like."),
        error_messages={"required": "Choose what you would like."},
        metadata={"enum": list(REVIEW_REASONS)},
    )
    message = Trimmed(
        load_default="",
        validate=validate.Length(max=2000, error="Use at most 2,000 characters."),
    )


class ReviewAnswerSchema(Schema):
    """The recruiter's answer: approve (a meeting time, link or note), or decline
    (a reason)."""

    decision = fields.String(
        required=True,
        validate=validate.OneOf(
            ("approved", "declined"), error="Choose approve or decline."
        ),
        error_messages={"required": "Choose approve or decline."},
        metadata={"enum": ["approved", "declined"]},
    )
    meeting_at = fields.AwareDateTime(
        load_default=None,
        allow_none=True,
        default_timezone=None,
        metadata={"description": "When the meeting is (ISO 8601, with a zone)."},
    )
    meeting_link = Trimmed(
        load_default="",
        validate=validate.Length(max=500, error="Use at most 500 characters."),
    )
    response = Trimmed(
        load_default="",
        validate=validate.Length(max=2000, error="Use at most 2,000 characters."),
        metadata={"description": "A note (approve) or the reason (decline)."},
    )

    @validates_schema
    def _complete(self, data, **kwargs):
        link = data.get("meeting_link") or ""
        if link and not link.startswith(("https://", "http://")):
            raise ValidationError("Use a web address (https://...).", "meeting_link")
        if data.get("decision") == "declined" and not data.get("response"):
            raise ValidationError("Say why, for the candidate.", "response")
        if data.get("decision") == "approved" and not (
            data.get("meeting_at") or link or data.get("response")
        ):
            raise ValidationError(
                "Give a meeting time, a link or a note for the candidate.", "response"
            )


class FlagOutSchema(Schema):
    id = fields.Integer(required=True)
    question_id = fields.Integer(required=True)
    reason = fields.String(required=True, metadata={"enum": list(FLAG_REASONS)})
    comment = fields.String(required=True)
    flagged_at = fields.DateTime(required=True)
    acknowledged_at = fields.DateTime(allow_none=True, required=True)


class FlagListSchema(Schema):
    items = fields.List(fields.Nested(FlagOutSchema), required=True)


class ReviewRequestOutSchema(Schema):
    id = fields.Integer(required=True)
    invitation_id = fields.Integer(required=True)
    session_id = fields.Function(
        lambda r: r.invitation.session.id if r.invitation.session else None,
        allow_none=True,
        metadata={"type": "integer"},
    )
    candidate = fields.Function(
        lambda r: {"name": r.invitation.name, "email": r.invitation.email},
        required=True,
        metadata={"type": "object"},
    )
    reason = fields.String(required=True, metadata={"enum": list(REVIEW_REASONS)})
    message = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(REVIEW_STATUSES)})
    meeting_at = fields.DateTime(allow_none=True, required=True)
    meeting_link = fields.String(required=True)
    response = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    answered_at = fields.DateTime(allow_none=True, required=True)


class ReviewRequestListSchema(Schema):
    items = fields.List(fields.Nested(ReviewRequestOutSchema), required=True)


MAX_FAQ_ITEMS = 10


class FaqItemSchema(Schema):
    question = Trimmed(
        required=True,
        validate=validate.Length(
            min=1, max=200, error="Write a question of at most 200 characters."
        ),
    )
    answer = Trimmed(
        required=True,
        validate=validate.Length(
            min=1, max=1000, error="Write an answer of at most 1,000 characters."
        ),
    )


class CandidateSettingsSchema(Schema):
    faq = fields.List(
        fields.Nested(FaqItemSchema),
        required=True,
        validate=validate.Length(
            max=MAX_FAQ_ITEMS, error=f"Use at most {MAX_FAQ_ITEMS} questions."
        ),
        metadata={
            "description": "Questions candidates may ask (next steps, pay, team), "
            "shown in the interview room and used by the interviewer to answer."
        },
    )
    feedback_report = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Email candidates their strengths and tips after scoring "
            "(no score, no verdict). Off by default."
        },
    )
