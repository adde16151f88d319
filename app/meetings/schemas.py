"""Schemas of the meetings API (they also document it at /docs)."""

from datetime import UTC

from marshmallow import Schema, fields, validate

from app.models import MEETING_PROVIDERS, MEETING_STATUSES
from app.schemas import PageQuerySchema

WHEN = fields.AwareDateTime(
    default_timezone=UTC,
    metadata={"description": "When it starts (ISO 8601; without an offset, UTC)."},
)
MINUTES = fields.Integer(
    validate=validate.Range(min=15, max=240, error="Use 15-240 minutes.")
)
PEOPLE = fields.List(
    fields.Email(),
    validate=validate.Length(max=10, error="Invite at most 10 interviewers."),
    metadata={"description": "Interviewers' emails; each gets the invitation."},
)


class MeetingCreateSchema(Schema):
    starts_at = fields.AwareDateTime(
        required=True, default_timezone=UTC, metadata=WHEN.metadata
    )
    duration_minutes = fields.Integer(load_default=45, validate=MINUTES.validators)
    interviewers = fields.List(
        fields.Email(),
        load_default=list,
        validate=PEOPLE.validators,
        metadata=PEOPLE.metadata,
    )
    provider = fields.String(
        load_default=None,
        validate=validate.OneOf(MEETING_PROVIDERS),
        metadata={
            "description": "zoom (when configured), jitsi (a new Jitsi Meet room), "
            "or url (the `url` you paste). Default: zoom when configured, else jitsi."
        },
    )
    url = fields.Url(
        schemes={"https"},
        validate=validate.Length(max=500),
        metadata={"description": "The meeting link, with provider=url (https)."},
    )


class MeetingUpdateSchema(Schema):
    starts_at = fields.AwareDateTime(default_timezone=UTC, metadata=WHEN.metadata)
    duration_minutes = fields.Integer(validate=MINUTES.validators)
    interviewers = fields.List(
        fields.Email(), validate=PEOPLE.validators, metadata=PEOPLE.metadata
    )


class MeetingSchema(Schema):
    id = fields.Integer(required=True)
    session_id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    duration_minutes = fields.Integer(required=True)
    interviewers = fields.List(fields.String(), required=True)
    provider = fields.String(required=True, metadata={"enum": list(MEETING_PROVIDERS)})
    join_url = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(MEETING_STATUSES)})
    sequence = fields.Integer(
        required=True,
        metadata={"description": "How many times it was moved or cancelled."},
    )
    created_at = fields.DateTime(required=True)


class MeetingQuerySchema(PageQuerySchema):
    include_past = fields.Boolean(
        load_default=False,
        metadata={"description": "Also past and cancelled meetings."},
    )
