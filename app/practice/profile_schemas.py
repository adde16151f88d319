"""Schemas of a practising candidate's account and profile."""

from marshmallow import Schema, fields, validate

from app.auth.schemas import FULL_NAME, USERNAME
from app.models import EXPERIENCE_LEVELS, TRACKS
from app.schemas import Trimmed


class ProfilePatchSchema(Schema):
    full_name = Trimmed(validate=FULL_NAME.validate, metadata=FULL_NAME.metadata)
    username = Trimmed(validate=USERNAME.validate, metadata=USERNAME.metadata)
    target_role = Trimmed(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata={"example": "Backend engineer"},
    )
    experience_level = fields.String(
        allow_none=True, validate=validate.OneOf(EXPERIENCE_LEVELS)
    )
    preferred_tracks = fields.List(
        fields.String(validate=validate.OneOf(TRACKS)),
        validate=validate.Length(max=len(TRACKS)),
        metadata={"example": ["backend", "behavioral"]},
    )


class ProfileReplaceSchema(ProfilePatchSchema):
    """PUT: every field is sent; optional ones may be null or empty."""

    full_name = Trimmed(
        required=True, validate=FULL_NAME.validate, metadata=FULL_NAME.metadata
    )
    username = Trimmed(
        required=True, validate=USERNAME.validate, metadata=USERNAME.metadata
    )
    target_role = Trimmed(
        required=True, allow_none=True, validate=validate.Length(max=120)
    )
    experience_level = fields.String(
        required=True, allow_none=True, validate=validate.OneOf(EXPERIENCE_LEVELS)
    )
    preferred_tracks = fields.List(
        fields.String(validate=validate.OneOf(TRACKS)),
        required=True,
        validate=validate.Length(max=len(TRACKS)),
    )


class ProfileSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    role = fields.String(required=True)
    email_verified = fields.Boolean(required=True)
    target_role = fields.String(required=True, allow_none=True)
    experience_level = fields.String(required=True, allow_none=True)
    preferred_tracks = fields.List(fields.String(), required=True)
    member_since = fields.DateTime(required=True)
