"""Schemas for workspaces, members and invites."""

from marshmallow import Schema, fields, validate

from app.models import WORKSPACE_ROLES
from app.schemas import Trimmed

NAME = validate.Length(min=1, max=120, error="Use 1-120 characters.")
ROLE = validate.OneOf(WORKSPACE_ROLES, error="Choose one of: {choices}.")


class WorkspaceSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    role = fields.String(
        required=True, metadata={"description": "Your role in this workspace."}
    )
    created_at = fields.DateTime(required=True)


class WorkspaceInSchema(Schema):
    name = Trimmed(required=True, validate=NAME)


class MemberSchema(Schema):
    user_id = fields.Integer(required=True)
    email = fields.Function(lambda m: m.user.email, required=True)
    full_name = fields.Function(lambda m: m.user.full_name, required=True)
    role = fields.String(required=True)
    joined_at = fields.DateTime(attribute="created_at", required=True)


class MemberRoleSchema(Schema):
    role = fields.String(required=True, validate=ROLE)


class InviteInSchema(Schema):
    email = Trimmed(
        required=True,
        validate=[
            validate.Email(error="Enter a valid email."),
            validate.Length(max=254),
        ],
        metadata={"format": "email", "example": "jane@example.com"},
    )
    role = fields.String(load_default="recruiter", validate=ROLE)


class InviteSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


class InviteTokenSchema(Schema):
    token = Trimmed(required=True, validate=validate.Length(min=10, max=100))
