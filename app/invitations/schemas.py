"""Request and response schemas for invitations: they validate input and document the
API."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.invitations.bulk import MAX_ROWS
from app.invitations.service import EMAIL_MAX_LENGTH, MAX_EXTEND_DAYS, NAME_MAX_LENGTH
from app.models import INVITATION_STATUSES
from app.schemas import PageQuerySchema, Trimmed

EMAIL = Trimmed(
    required=True,
    validate=[
        validate.Email(error="Enter a valid email address."),
        validate.Length(max=EMAIL_MAX_LENGTH),
    ],
    metadata={"format": "email", "example": "jane@example.com"},
)
NAME = Trimmed(
    load_default="",
    validate=validate.Length(max=NAME_MAX_LENGTH, error="Use at most 120 characters."),
    metadata={"example": "Jane Doe"},
)


class StrictInteger(fields.Integer):
    """An integer that is really one: no strings, floats or booleans."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._validated(value)


class InvitationSchema(Schema):
    id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(INVITATION_STATUSES)})
    expires_at = fields.DateTime(required=True)
    send_attempts = fields.Integer(
        required=True,
        metadata={"description": "Send attempts since creation or the last resend."},
    )
    last_error = fields.String(required=True, allow_none=True)
    next_attempt_at = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "When a failed send is retried; null when it is not."},
    )
    sent_at = fields.DateTime(required=True, allow_none=True)
    opened_at = fields.DateTime(required=True, allow_none=True)
    consented_at = fields.DateTime(required=True, allow_none=True)
    revoked_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class InvitationLinkSchema(InvitationSchema):
    link = fields.String(
        required=True,
        metadata={
            "description": "The candidate's link. Shown only in this response: Viva "
            "stores just a hash of its token.",
            "example": "https://viva.example.com/i/7Yq3...",
        },
    )


class InviteOneSchema(Schema):
    email = EMAIL
    name = NAME


class InviteRowSchema(Schema):
    # Rows are checked one by one and reported, so they are plain strings here.
    email = fields.String(required=True, metadata={"example": "jane@example.com"})
    name = fields.String(load_default="", metadata={"example": "Jane Doe"})


class InviteManySchema(Schema):
    invitations = fields.List(
        fields.Nested(InviteRowSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_ROWS),
    )


class InviteRequestSchema(Schema):
    """Loads either shape: one candidate {email, name} or many {invitations: [...]}."""

    email = Trimmed(validate=EMAIL.validate)
    name = Trimmed(validate=NAME.validate)
    invitations = fields.List(
        fields.Nested(InviteRowSchema), validate=validate.Length(min=1, max=MAX_ROWS)
    )

    @validates_schema
    def one_shape(self, data, **kwargs):
        if ("email" in data) == ("invitations" in data):
            raise ValidationError(
                "Send either email (and name) for one candidate, or invitations for "
                "many."
            )
        if "invitations" in data and "name" in data:
            raise ValidationError(
                "name belongs inside each item of invitations.", "name"
            )


# The body as documented: exactly one of the two shapes.
INVITE_REQUEST_DOC = {"oneOf": [InviteOneSchema, InviteManySchema]}


class RowReportSchema(Schema):
    row = fields.Integer(
        required=True,
        metadata={
            "description": "Line of the paste or file, or position in the array."
        },
    )
    email = fields.String(required=True)
    name = fields.String(required=True)
    outcome = fields.String(
        required=True, metadata={"enum": ["invited", "duplicate", "invalid"]}
    )
    reason = fields.String(required=True, allow_none=True)
    invitation_id = fields.Integer(required=True, allow_none=True)


class BatchSummarySchema(Schema):
    total = fields.Integer(required=True)
    invited = fields.Integer(required=True)
    duplicates = fields.Integer(required=True)
    invalid = fields.Integer(required=True)


class InviteResultSchema(Schema):
    summary = fields.Nested(BatchSummarySchema, required=True)
    rows = fields.List(fields.Nested(RowReportSchema), required=True)
    invitations = fields.List(
        fields.Nested(InvitationLinkSchema),
        required=True,
        metadata={"description": "The invitations created, each with its link (once)."},
    )


DAYS_RANGE = validate.Range(
    min=1, max=MAX_EXTEND_DAYS, error=f"Choose between 1 and {MAX_EXTEND_DAYS} days."
)


class ExtendSchema(Schema):
    days = StrictInteger(required=True, validate=DAYS_RANGE, metadata={"example": 7})


class ExtendFormSchema(Schema):
    days = fields.Integer(
        required=True,
        validate=DAYS_RANGE,
        error_messages={"invalid": "Enter a whole number of days."},
    )


class InvitationQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(INVITATION_STATUSES))
    q = Trimmed(
        validate=validate.Length(max=EMAIL_MAX_LENGTH),
        metadata={"description": "Part of the candidate's email or name."},
    )
