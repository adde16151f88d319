"""Request/response schemas of the admin API; they validate input and document it."""

from marshmallow import Schema, fields, validate, validates_schema
from marshmallow import ValidationError as SchemaValidationError

from app.admin.service import ASSIGNABLE_ROLES
from app.auth.schemas import EMAIL, FULL_NAME, USERNAME, UserSchema
from app.models import ROLES
from app.schemas import PageQuerySchema, Trimmed


class AdminUserSchema(UserSchema):
    google_connected = fields.Function(
        lambda user: user.google_subject is not None,
        required=True,
        metadata={"type": "boolean"},
    )


class DataSummarySchema(Schema):
    products = fields.Integer(required=True)
    interviews = fields.Integer(required=True)
    invitations = fields.Integer(required=True)
    sessions = fields.Integer(required=True)
    kept_products = fields.Integer(
        required=True,
        metadata={
            "description": "Products they created in workspaces shared with others: "
            "the workspace keeps them (with their interviews and results)."
        },
    )


class AdminUserDetailSchema(AdminUserSchema):
    data = fields.Nested(
        DataSummarySchema,
        required=True,
        metadata={"description": "What deleting this user would delete with them."},
    )


class UserQuerySchema(PageQuerySchema):
    q = Trimmed(
        validate=validate.Length(max=254),
        metadata={"description": "Part of the email, username or full name."},
    )
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()


class UserUpdateSchema(Schema):
    role = fields.String(validate=validate.OneOf(ASSIGNABLE_ROLES))
    is_active = fields.Boolean(
        metadata={
            "description": "false deactivates: every token of the user stops working "
            "at its next use. true reactivates (new logins only)."
        }
    )

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise SchemaValidationError("Send role and/or is_active.", "_schema")


class AuditEventSchema(Schema):
    id = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    action = fields.String(required=True, metadata={"example": "auth.login"})
    actor_id = fields.Integer(required=True, allow_none=True)
    actor_email = fields.Function(
        lambda event: event.actor.email if event.actor is not None else None,
        required=True,
        allow_none=True,
        metadata={"type": "string", "nullable": True},
    )
    target_type = fields.String(required=True, allow_none=True)
    target_id = fields.Integer(required=True, allow_none=True)
    details = fields.Dict(required=True)
    ip_address = fields.String(required=True, allow_none=True)
    user_agent = fields.String(required=True, allow_none=True)


class AuditQuerySchema(PageQuerySchema):
    actor = Trimmed(
        validate=validate.Length(max=254),
        metadata={"description": "A user id, or part of the actor's email."},
    )
    action = Trimmed(
        validate=validate.Length(max=64),
        metadata={
            "description": 'An exact action ("user.deleted"), or a prefix ending '
            'in "." ("auth.").'
        },
    )
    since = fields.Date(metadata={"description": "First UTC day included."})
    until = fields.Date(metadata={"description": "Last UTC day included."})

    @validates_schema
    def ordered(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise SchemaValidationError("Must not be before `since`.", "until")


def _required(field_template):
    return Trimmed(
        required=True,
        validate=field_template.validate,
        metadata=field_template.metadata,
    )


class UserCreateSchema(Schema):
    email = EMAIL
    username = _required(USERNAME)
    full_name = _required(FULL_NAME)
    role = fields.String(required=True, validate=validate.OneOf(ASSIGNABLE_ROLES))


class UserReplaceSchema(UserCreateSchema):
    is_active = fields.Boolean(
        load_default=None,
        metadata={"description": "Leave out to keep the current state."},
    )
