"""Response schemas for interviews and questions: what the API answers and documents."""

from marshmallow import Schema, fields, pre_dump

from app.interviews.schemas import RubricItemSchema
from app.interviews.service import interview_counts
from app.models import DIFFICULTIES, INTERVIEW_STATUSES, QUESTION_KINDS, SENIORITIES


class QuestionSchema(Schema):
    id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(QUESTION_KINDS)})
    difficulty = fields.String(required=True, metadata={"enum": list(DIFFICULTIES)})
    text = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    key_points = fields.List(fields.String(), required=True)
    model_answer = fields.String(required=True)
    follow_up_budget = fields.Integer(required=True)
    source = fields.String(required=True, metadata={"enum": ["manual", "ai", "bank"]})
    approved = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class InterviewCountsSchema(Schema):
    questions = fields.Integer(required=True)
    approved_questions = fields.Integer(required=True)
    draft_questions = fields.Integer(required=True)
    invitations = fields.Integer(required=True)
    sessions = fields.Integer(required=True)
    completed_sessions = fields.Integer(required=True)


class ProductRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class _WithCounts:
    """An interview seen together with its counts, for dumping."""

    def __init__(self, interview):
        self._interview = interview
        self.counts = interview_counts(interview)

    def __getattr__(self, name):
        return getattr(self._interview, name)


class InterviewSummarySchema(Schema):
    id = fields.Integer(required=True)
    product = fields.Nested(ProductRefSchema, required=True)
    role_title = fields.String(required=True)
    seniority = fields.String(required=True, metadata={"enum": list(SENIORITIES)})
    skills = fields.List(fields.String(), required=True)
    language = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(INTERVIEW_STATUSES)})
    counts = fields.Nested(InterviewCountsSchema, required=True)
    activated_at = fields.DateTime(allow_none=True, required=True)
    closed_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)

    @pre_dump
    def _with_counts(self, interview, **kwargs):
        return _WithCounts(interview)


class InterviewSchema(InterviewSummarySchema):
    job_description = fields.String(required=True)
    persona_name = fields.String(required=True)
    persona_tone = fields.String(required=True)
    extra_instructions = fields.String(required=True)
    time_limit_minutes = fields.Integer(required=True)
    untimed = fields.Boolean(required=True)
    follow_up_depth = fields.Integer(required=True)
    rubric = fields.List(fields.Nested(RubricItemSchema), required=True)
    rubric_version = fields.Integer(required=True)
    advance_threshold = fields.Float(required=True)
    consider_threshold = fields.Float(required=True)
    invite_expiry_days = fields.Integer(required=True)
    reminder_days_before = fields.Integer(required=True)
    questions = fields.List(
        fields.Nested(QuestionSchema),
        required=True,
        metadata={"description": "In order."},
    )
