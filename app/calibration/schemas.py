"""Schemas of calibration: the recruiter's scores in, the samples and figures out."""

from marshmallow import Schema, ValidationError, fields, validate, validates

from app.ai.scale import SCALE_MAX
from app.modelcards.schemas import AgreementSchema, CompetencyAgreementSchema
from app.schemas import Trimmed

SCORE_ERROR = f"Use a whole number from 0 to {SCALE_MAX}."


class SampleScoresSchema(Schema):
    sample = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=5)
    )
    scores = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=60)),
        values=fields.Integer(
            strict=True,
            validate=validate.Range(min=0, max=SCALE_MAX, error=SCORE_ERROR),
        ),
        required=True,
        metadata={
            "description": f"Your score per rubric competency key, 0-{SCALE_MAX}.",
            "example": {"communication": 7},
        },
    )


class CalibrationScoresSchema(Schema):
    samples = fields.List(
        fields.Nested(SampleScoresSchema),
        required=True,
        validate=validate.Length(min=1, max=5),
    )

    @validates("samples")
    def _distinct(self, value, **_kwargs):
        ids = [item.get("sample") for item in value if isinstance(item, dict)]
        if len(ids) != len(set(ids)):
            raise ValidationError("Score each sample once.")


class SampleSchema(Schema):
    id = fields.Integer(required=True)
    question_id = fields.Integer(required=True)
    question = fields.String(required=True)
    quality = fields.String(
        required=True, metadata={"description": "strong, middling or weak."}
    )
    answer = fields.String(required=True)
    ai = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        required=True,
        metadata={"description": "The evaluator's score per competency, 0-10."},
    )
    human = fields.Dict(
        keys=fields.String(), values=fields.Float(), allow_none=True, required=True
    )


class CalibrationSchema(Schema):
    interview_id = fields.Integer(required=True)
    state = fields.String(
        required=True,
        metadata={
            "description": "none, awaiting_scores, stale (the rubric changed since), "
            "passed or too_low (activating needs an override reason)."
        },
    )
    threshold = fields.Float(
        required=True,
        metadata={"description": "The workspace's largest mean absolute difference."},
    )
    rubric_version = fields.Integer(allow_none=True, required=True)
    samples = fields.List(fields.Nested(SampleSchema), required=True)
    competencies = fields.List(fields.Nested(CompetencyAgreementSchema), required=True)
    overall = fields.Nested(AgreementSchema, allow_none=True, required=True)


class CalibrationSettingsSchema(Schema):
    workspace_id = fields.Integer(dump_only=True)
    max_mean_absolute_difference = fields.Float(
        required=True,
        validate=validate.Range(
            min=0, max=SCALE_MAX, error=f"Use a number from 0 to {SCALE_MAX}."
        ),
        metadata={
            "description": "The largest overall AI-human mean absolute difference "
            "(0-10) a calibration may show for its draft to activate without an "
            "override reason. Default 1.5.",
            "example": 1.5,
        },
    )


class InterviewActivateSchema(Schema):
    override_reason = Trimmed(
        validate=validate.Length(max=500, error="Use at most 500 characters."),
        metadata={
            "description": "Why to go live although the calibration's AI-human "
            "agreement is below the workspace's threshold (audited)."
        },
    )
