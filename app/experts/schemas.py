"""Schemas for domain experts' reviews."""

from marshmallow import Schema, fields, validate

from app.schemas import Trimmed


class ExpertSchema(Schema):
    user_id = fields.Integer(required=True)
    email = fields.Function(lambda row: row.user.email, required=True)
    full_name = fields.Function(lambda row: row.user.full_name, required=True)
    added_at = fields.DateTime(attribute="created_at", required=True)


class ExpertInSchema(Schema):
    email = Trimmed(
        required=True,
        validate=[
            validate.Email(error="Enter a valid email."),
            validate.Length(max=254),
        ],
        metadata={"format": "email", "example": "jane@example.com"},
    )


class ReviewSchema(Schema):
    question_id = fields.Integer(required=True)
    gold_answer = fields.String(required=True)
    gold_by_id = fields.Integer(allow_none=True, required=True)
    gold_at = fields.DateTime(allow_none=True, required=True)
    approved_by_id = fields.Integer(allow_none=True, required=True)
    approved_at = fields.DateTime(allow_none=True, required=True)


class ReviewQuestionSchema(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    kind = fields.String(required=True)
    text = fields.String(required=True)
    key_points = fields.List(fields.String(), required=True)
    approved = fields.Boolean(required=True)
    review = fields.Nested(ReviewSchema, allow_none=True, required=True)


class ExpertInterviewSchema(Schema):
    id = fields.Integer(required=True)
    role_title = fields.String(required=True)
    product = fields.Function(lambda i: i.product.name, required=True)
    status = fields.String(required=True)


class ExpertInterviewDetailSchema(ExpertInterviewSchema):
    product = fields.String(required=True)
    questions = fields.List(fields.Nested(ReviewQuestionSchema), required=True)


class GoldAnswerInSchema(Schema):
    gold_answer = Trimmed(required=True, validate=validate.Length(max=5000))


class QueueItemSchema(Schema):
    evaluation_id = fields.Integer(required=True)
    candidate = fields.String(
        required=True, metadata={"description": "An anonymous label, never a name."}
    )
    interview_id = fields.Integer(required=True)
    question = fields.String(required=True)
    answer = fields.String(required=True)
    overall = fields.Float(allow_none=True, required=True)
    spread = fields.Float(allow_none=True, required=True)
    feedback = fields.String(required=True)


class ScoreReviewInSchema(Schema):
    overall = fields.Float(
        required=True, validate=validate.Range(min=0, max=10), allow_nan=False
    )
    note = Trimmed(load_default="", validate=validate.Length(max=2000))
