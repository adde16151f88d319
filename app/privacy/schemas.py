"""Schemas of the GDPR API (validation and API docs)."""

from marshmallow import Schema, ValidationError, fields, validate, validates

from app.errors import MAX_RECORD_ID
from app.models import CONSENT_KINDS, REQUEST_STATUSES
from app.schemas import Trimmed


class SubjectRequestSchema(Schema):
    invitation_id = fields.Integer(
        required=True, validate=validate.Range(min=1, max=MAX_RECORD_ID)
    )
    confirm = fields.Boolean(
        required=True,
        metadata={
            "description": "Must be true: the caller confirms the request.",
            "enum": [True],
        },
    )

    @validates("confirm")
    def _confirmed(self, value, **_kwargs):
        if value is not True:
            raise ValidationError("Confirm the request by sending true.")


class PrivacyRequestSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["export", "erasure"]})
    status = fields.String(
        required=True,
        metadata={"enum": list(REQUEST_STATUSES)},
    )
    outcome = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    completed_at = fields.DateTime(allow_none=True, required=True)


class RetentionPolicySchema(Schema):
    default_days = fields.Integer(required=True)
    workspace_days = fields.Dict(
        keys=fields.String(), values=fields.Integer(), required=True
    )
    account_days = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "Accounts' own periods from before workspaces."},
    )
    interview_days = fields.Dict(
        keys=fields.String(), values=fields.Integer(), required=True
    )
    opening_days = fields.Dict(
        keys=fields.String(), values=fields.Integer(), required=True
    )
    schedule = fields.String(required=True)
    next_purge_at = fields.DateTime(required=True)


class RetentionDaysSchema(Schema):
    days = fields.Integer(
        required=True, allow_none=True, validate=validate.Range(min=1, max=3650)
    )


class LegalHoldBodySchema(Schema):
    reason = Trimmed(required=True, validate=validate.Length(min=1, max=500))


class ConsentSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(CONSENT_KINDS)})
    text_version = fields.String(required=True)
    source = fields.String(required=True)
    given_at = fields.DateTime(required=True)
    withdrawn_at = fields.DateTime(allow_none=True, required=True)


class CandidatePrivacySchema(Schema):
    invitation_id = fields.Integer(required=True)
    removal_date = fields.DateTime(allow_none=True, required=True)
    anonymized_at = fields.DateTime(allow_none=True, required=True)
    legal_hold = fields.Boolean(required=True)
    consents = fields.List(fields.Nested(ConsentSchema), required=True)


class ConsentWithdrawalSchema(Schema):
    invitation_id = fields.Integer(
        required=True, validate=validate.Range(min=1, max=MAX_RECORD_ID)
    )
    kind = fields.String(required=True, validate=validate.OneOf(CONSENT_KINDS))


class SelfServiceRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            ("export", "erasure"), error="Choose a copy of your data or erasure."
        ),
    )


class OwnRequestSchema(Schema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["export", "erasure"]),
        metadata={"example": "export"},
    )
