"""Schemas for candidate sessions and their results (validation and API docs)."""

from marshmallow import Schema, fields, validate

from app.models import (
    EVALUATION_STATUSES,
    RECOMMENDATIONS,
    SCORING_STATUSES,
    SESSION_STATUSES,
    STAGES,
)
from app.results.service import SORT_CHOICES
from app.schemas import PageMetaSchema, PageQuerySchema, Trimmed

FLAG_DOC = "possible_manipulation, low_confidence, needs_review, failed"


def _candidate(session) -> dict:
    return {
        "name": session.invitation.name,
        "email": session.invitation.email,
        "invitation_id": session.invitation_id,
    }


class CandidateSchema(Schema):
    name = fields.String(required=True)
    email = fields.String(required=True)
    invitation_id = fields.Integer(required=True)


class SessionSummarySchema(Schema):
    id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    candidate = fields.Function(_candidate, required=True, metadata={"type": "object"})
    status = fields.String(required=True, metadata={"enum": list(SESSION_STATUSES)})
    ended_early = fields.Boolean(
        required=True,
        metadata={"description": "The candidate ended the interview early."},
    )
    phase = fields.String(required=True)
    stage = fields.String(required=True, metadata={"enum": list(STAGES)})
    stage_note = fields.String(required=True)
    stage_changed_at = fields.DateTime(allow_none=True, required=True)
    scoring_status = fields.String(
        required=True, metadata={"enum": list(SCORING_STATUSES)}
    )
    overall_score = fields.Float(
        allow_none=True, required=True, metadata={"description": "0-100"}
    )
    recommendation = fields.String(
        allow_none=True, required=True, metadata={"enum": list(RECOMMENDATIONS)}
    )
    review_flags = fields.List(
        fields.String(), required=True, metadata={"description": FLAG_DOC}
    )
    seen = fields.Function(
        lambda s: s.reviewed_at is not None,
        required=True,
        metadata={"type": "boolean", "description": "A recruiter opened the report."},
    )
    reviewed_at = fields.DateTime(allow_none=True, required=True)
    scored_at = fields.DateTime(allow_none=True, required=True)
    rubric_version = fields.Integer(allow_none=True, required=True)
    fallback_count = fields.Integer(required=True)
    started_at = fields.DateTime(required=True)
    ended_at = fields.DateTime(allow_none=True, required=True)
    last_activity_at = fields.DateTime(allow_none=True, required=True)


class TranscriptMessageSchema(Schema):
    seq = fields.Integer(required=True)
    role = fields.String(required=True, metadata={"enum": ["interviewer", "candidate"]})
    content = fields.String(required=True)
    question_id = fields.Integer(allow_none=True, required=True)
    is_follow_up = fields.Boolean(required=True)
    provider = fields.String(allow_none=True, required=True)
    model = fields.String(allow_none=True, required=True)
    prompt_tokens = fields.Integer(allow_none=True, required=True)
    output_tokens = fields.Integer(allow_none=True, required=True)
    latency_ms = fields.Integer(allow_none=True, required=True)
    fallback = fields.Boolean(required=True)
    integrity = fields.Dict(
        allow_none=True,
        required=True,
        metadata={
            "description": "A candidate answer's integrity signals as measured in "
            "the room (pasted_chars, typed_chars, first_key_ms, burst_cps, "
            "focus_lost); facts, never scored."
        },
    )
    created_at = fields.DateTime(required=True)


class CompetencyScoreSchema(Schema):
    score = fields.Float(
        allow_none=True, required=True, metadata={"description": "0-10"}
    )
    evidence = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Quotes found verbatim in the candidate's answers."},
    )
    status = fields.String(
        required=True, metadata={"enum": ["scored", "insufficient_evidence"]}
    )


class EvaluationSchema(Schema):
    id = fields.Integer(required=True)
    question_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": list(EVALUATION_STATUSES)})
    competency_scores = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(CompetencyScoreSchema),
        required=True,
        metadata={"description": "By rubric competency key."},
    )
    relevance = fields.Float(allow_none=True, required=True)
    completeness = fields.Float(allow_none=True, required=True)
    accuracy = fields.Float(allow_none=True, required=True)
    clarity = fields.Float(allow_none=True, required=True)
    overall = fields.Float(
        allow_none=True, required=True, metadata={"description": "0-10"}
    )
    spread = fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "Max minus min of the model's samples."},
    )
    feedback = fields.String(required=True)
    flags = fields.List(
        fields.String(), required=True, metadata={"description": FLAG_DOC}
    )
    key_points_covered = fields.Function(
        lambda e: (e.details or {}).get("key_points_covered", []),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    key_points_missed = fields.Function(
        lambda e: (e.details or {}).get("key_points_missed", []),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    provider = fields.String(required=True)
    model = fields.String(required=True)
    rubric_version = fields.Integer(required=True)
    prompt_hash = fields.String(required=True)
    attempts = fields.Integer(required=True)
    error = fields.String(required=True)
    scored_at = fields.DateTime(allow_none=True, required=True)
    human_overall = fields.Float(
        allow_none=True,
        required=True,
        metadata={
            "description": "A recruiter's override, 0-10; `overall` is the AI's."
        },
    )
    human_reason = fields.String(required=True)
    human_at = fields.DateTime(allow_none=True, required=True)
    final_overall = fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "The score that counts: the override, else the AI's."},
    )


class StrengthSchema(Schema):
    competency = fields.String(required=True)
    name = fields.String(required=True)
    score = fields.Float(required=True)
    evidence = fields.String(required=True)


class GapSchema(Schema):
    competency = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "Null for a gap in a question's key points."},
    )
    name = fields.String(required=True)
    score = fields.Float(allow_none=True, required=True)
    suggestion = fields.String(required=True)


class SessionDetailSchema(SessionSummarySchema):
    summary = fields.String(required=True)
    strengths = fields.List(fields.Nested(StrengthSchema), required=True)
    gaps = fields.List(fields.Nested(GapSchema), required=True)
    messages = fields.List(fields.Nested(TranscriptMessageSchema), required=True)
    evaluations = fields.List(
        fields.Nested(EvaluationSchema),
        required=True,
        metadata={"description": "One per answered question."},
    )


class SessionQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(SESSION_STATUSES))
    stage = fields.String(validate=validate.OneOf(STAGES))
    scoring_status = fields.String(validate=validate.OneOf(SCORING_STATUSES))
    recommendation = fields.String(validate=validate.OneOf(RECOMMENDATIONS))
    min_score = fields.Float(validate=validate.Range(min=0, max=100))
    max_score = fields.Float(validate=validate.Range(min=0, max=100))
    started_from = fields.Date(metadata={"description": "First day, inclusive (UTC)."})
    started_to = fields.Date(metadata={"description": "Last day, inclusive (UTC)."})
    unseen = fields.Boolean(
        metadata={"description": "Only scored results no recruiter has opened."}
    )
    sort = fields.String(
        load_default="-date",
        validate=validate.OneOf(SORT_CHOICES),
        metadata={"description": "A leading '-' sorts descending."},
    )


class SessionPageQuerySchema(SessionQuerySchema):
    """The candidates page's filters: scores as the page shows them, out of 10."""

    min_score = fields.Float(validate=validate.Range(min=0, max=10))
    max_score = fields.Float(validate=validate.Range(min=0, max=10))


class OverrideSchema(Schema):
    score = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(0, 10, error="Give a score from 0 to 10."),
        metadata={"example": 6.5, "description": "The question's score, 0-10."},
    )
    reason = Trimmed(
        required=True,
        validate=[
            validate.Length(min=1, error="Say why you change the AI's score."),
            validate.Length(max=2000, error="Use at most 2,000 characters."),
        ],
        metadata={"description": "Why; shown beside the score and in the audit log."},
    )


class StageSchema(Schema):
    stage = fields.String(
        required=True,
        validate=validate.OneOf(STAGES, error=f"Choose one of: {', '.join(STAGES)}."),
        metadata={"example": "advance"},
    )
    note = Trimmed(
        load_default="",
        validate=validate.Length(max=2000, error="Use at most 2,000 characters."),
        metadata={"description": "Why; kept with the decision and in the audit log."},
    )
    acknowledge_flags = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Required (true) to reject a candidate who flagged an "
            "answer that nobody acknowledged yet; recorded in the audit log."
        },
    )


class AnswerRowSchema(Schema):
    session_id = fields.Integer(required=True)
    candidate = fields.Function(
        lambda row: _candidate(row["session"]),
        required=True,
        metadata={"type": "object"},
    )
    stage = fields.String(required=True)
    answers = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "The answer, then answers to follow-ups."},
    )
    follow_ups = fields.Integer(required=True)
    evaluation = fields.Nested(EvaluationSchema, allow_none=True, required=True)


class AnswerListSchema(Schema):
    question = fields.Function(
        lambda page: {"id": page["question"].id, "text": page["question"].text},
        required=True,
        metadata={"type": "object"},
    )
    items = fields.List(fields.Nested(AnswerRowSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)
