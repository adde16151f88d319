"""Schemas of practice sessions, answers, feedback and saved job descriptions."""

from marshmallow import Schema, fields, validate

from app.models import COMPANY_STYLES, PRACTICE_STATUSES, SESSION_DIFFICULTIES, TRACKS
from app.schemas import Trimmed


class PracticeCreateSchema(Schema):
    track = fields.String(required=True, validate=validate.OneOf(TRACKS))
    company = fields.String(
        load_default="general", validate=validate.OneOf(COMPANY_STYLES)
    )
    difficulty = fields.String(
        load_default="adaptive",
        validate=validate.OneOf(SESSION_DIFFICULTIES),
        metadata={"description": "easy, medium, hard, or adaptive (starts medium)."},
    )
    length = fields.Integer(
        load_default=5,
        validate=validate.Range(min=3, max=10),
        metadata={"description": "Main questions, after a warm-up."},
    )
    job_description = Trimmed(load_default="", validate=validate.Length(max=20000))
    job_description_id = fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={
            "description": "One of your saved job descriptions (its text is used)."
        },
    )


class PracticeSessionSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": list(PRACTICE_STATUSES)})
    track = fields.String(required=True)
    company = fields.String(required=True)
    difficulty = fields.String(required=True)
    current_difficulty = fields.String(required=True)
    length = fields.Integer(required=True)
    job_description_id = fields.Integer(required=True, allow_none=True)
    questions_asked = fields.Function(
        lambda p: sum(1 for item in p.plan if item["kind"] != "warmup"),
        required=True,
        metadata={"type": "integer"},
    )
    overall_score = fields.Float(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    started_at = fields.DateTime(required=True, allow_none=True)
    ended_at = fields.DateTime(required=True, allow_none=True)


class AnswerSchema(Schema):
    client_id = Trimmed(required=True, validate=validate.Length(min=1, max=64))
    text = Trimmed(required=True, validate=validate.Length(min=1, max=20000))


class TurnSchema(Schema):
    seq = fields.Integer(required=True)
    role = fields.String(required=True)
    text = fields.String(required=True)
    follow_up = fields.Boolean(required=True)


class AnswerResultSchema(Schema):
    answer = fields.Nested(TurnSchema, required=True)
    replies = fields.List(
        fields.Nested(TurnSchema),
        required=True,
        metadata={"description": "The interviewer's turns that followed."},
    )
    interview_finished = fields.Boolean(required=True)


class AnswerFeedbackSchema(Schema):
    bank_id = fields.String(required=True)
    question = fields.String(required=True)
    kind = fields.String(required=True)
    category = fields.String(required=True)
    tag = fields.String(required=True)
    difficulty = fields.String(required=True)
    answer = fields.String(required=True)
    score = fields.Float(required=True, metadata={"description": "0-10"})
    good = fields.List(fields.String(), required=True)
    missing = fields.List(fields.String(), required=True)
    quote = fields.String(required=True)
    comment = fields.String(required=True)
    model_answer = fields.List(fields.String(), required=True)
    evaluator = fields.String(required=True)


class PointSchema(Schema):
    tag = fields.String(required=True)
    point = fields.String(required=True)
    quote = fields.String(required=True, metadata={"description": "Verbatim."})


class FeedbackSchema(Schema):
    overall = fields.Float(required=True, metadata={"description": "0-100"})
    answers = fields.List(fields.Nested(AnswerFeedbackSchema), required=True)
    strengths = fields.List(fields.Nested(PointSchema), required=True)
    gaps = fields.List(fields.Nested(PointSchema), required=True)
    next_steps = fields.List(fields.String(), required=True)
    note = fields.String(required=True)


class JobDescriptionInSchema(Schema):
    title = Trimmed(required=True, validate=validate.Length(min=2, max=120))
    company = Trimmed(load_default="", validate=validate.Length(max=120))
    text = Trimmed(required=True, validate=validate.Length(min=20, max=20000))


class JobDescriptionSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.String(required=True)
    text = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class TrackStatSchema(Schema):
    track = fields.String(required=True)
    sessions = fields.Integer(required=True)
    average_score = fields.Float(required=True, allow_none=True)


class TagStatSchema(Schema):
    tag = fields.String(required=True)
    answers = fields.Integer(required=True)
    average_score = fields.Float(required=True, allow_none=True)


class TrendPointSchema(Schema):
    session_id = fields.Integer(required=True)
    date = fields.String(required=True, metadata={"format": "date"})
    track = fields.String(required=True)
    score = fields.Float(required=True, allow_none=True)


class StatsSchema(Schema):
    sessions_started = fields.Integer(required=True)
    sessions_completed = fields.Integer(required=True)
    average_score = fields.Float(required=True, allow_none=True)
    best_score = fields.Float(required=True, allow_none=True)
    questions_answered = fields.Integer(required=True)
    member_since = fields.DateTime(required=True)
    account_status = fields.String(required=True)
    tracks = fields.List(fields.Nested(TrackStatSchema), required=True)
    tags = fields.List(fields.Nested(TagStatSchema), required=True)
    trend = fields.List(fields.Nested(TrendPointSchema), required=True)


class EvidenceSchema(Schema):
    session_id = fields.Integer(required=True)
    question = fields.String(required=True)
    score = fields.Float(required=True)
    quote = fields.String(required=True)
    missing = fields.List(fields.String(), required=True)


class RecommendationSchema(Schema):
    track = fields.String(required=True)
    tag = fields.String(required=True)
    difficulty = fields.String(required=True)


class SkillGapSchema(Schema):
    tag = fields.String(required=True)
    average_score = fields.Float(required=True)
    answers = fields.Integer(required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)
    recommendation = fields.Nested(RecommendationSchema, required=True)


class CompetencySchema(Schema):
    competency = fields.String(required=True)
    average_score = fields.Float(required=True)
    answers = fields.Integer(required=True)


class SkillGapsSchema(Schema):
    gaps = fields.List(fields.Nested(SkillGapSchema), required=True)
    competencies = fields.List(fields.Nested(CompetencySchema), required=True)
