"""Schemas of the model card (the JSON export) and its query."""

from marshmallow import Schema, fields, validate

from app.errors import MAX_RECORD_ID


class ModelCardQuerySchema(Schema):
    version = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=MAX_RECORD_ID),
        metadata={"description": "Rubric version; the current one when absent."},
    )


class SpreadSchema(Schema):
    count = fields.Integer(required=True)
    mean = fields.Float(allow_none=True, required=True)
    sd = fields.Float(allow_none=True, required=True)
    min = fields.Float(allow_none=True, required=True)
    p25 = fields.Float(allow_none=True, required=True)
    median = fields.Float(allow_none=True, required=True)
    p75 = fields.Float(allow_none=True, required=True)
    max = fields.Float(allow_none=True, required=True)


class AgreementSchema(Schema):
    pairs = fields.Integer(
        required=True, metadata={"description": "Questions a recruiter re-scored."}
    )
    mean_absolute_difference = fields.Float(allow_none=True, required=True)
    exact_match_share = fields.Float(allow_none=True, required=True)
    mean_difference = fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "Human minus AI, 0-10 scale."},
    )


class CompetencyAgreementSchema(AgreementSchema):
    key = fields.String(required=True)
    name = fields.String(required=True)


class CalibrationFiguresSchema(Schema):
    samples = fields.Integer(required=True)
    scored_at = fields.DateTime(required=True)
    overall = fields.Nested(AgreementSchema, required=True)
    competencies = fields.List(fields.Nested(CompetencyAgreementSchema), required=True)


class EvaluatorSchema(Schema):
    provider = fields.String(required=True)
    model = fields.String(required=True)
    answers = fields.Integer(required=True)


class ModelCardSchema(Schema):
    interview = fields.Dict(required=True, metadata={"example": {"id": 7}})
    rubric_version = fields.Integer(required=True)
    versions = fields.List(fields.Integer(), required=True)
    rubric = fields.List(fields.Dict(), required=True)
    evaluators = fields.List(fields.Nested(EvaluatorSchema), required=True)
    instructions_hash = fields.String(
        required=True,
        metadata={"description": "SHA-256 of the evaluator's instructions and schema."},
    )
    criteria_weights = fields.Dict(
        keys=fields.String(), values=fields.Float(), required=True
    )
    agreement = fields.Nested(AgreementSchema, required=True)
    calibration = fields.Nested(
        CalibrationFiguresSchema,
        allow_none=True,
        required=True,
        metadata={
            "description": "AI-human agreement on the sample answers a recruiter "
            "scored before go-live (null when not calibrated)."
        },
    )
    question_scores = fields.Nested(
        SpreadSchema, required=True, metadata={"description": "AI scores, 0-10."}
    )
    session_scores = fields.Nested(
        SpreadSchema, required=True, metadata={"description": "Overall, 0-100."}
    )
    flagged_answers = fields.Integer(required=True)
