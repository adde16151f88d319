"""Request/response schemas for accounts; they validate input and document the API."""

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.schemas import Trimmed

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{3,50}$")
PASSWORD_MIN_LENGTH = 8


def password_problems(password: str) -> list[str]:
    """What makes a password too weak; empty when it is acceptable."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(f"Use at least {PASSWORD_MIN_LENGTH} characters.")
    if not re.search(r"[A-Z]", password):
        problems.append("Include at least one upper-case letter.")
    if not re.search(r"[0-9]", password):
        problems.append("Include at least one digit.")
    if len(password) > 128:
        problems.append("Use at most 128 characters.")
    return problems


# password_problems' rules as the OpenAPI document states them.
PASSWORD_RULES = {
    "minLength": PASSWORD_MIN_LENGTH,
    "maxLength": 128,
    "pattern": r"[A-Z][\s\S]*[0-9]|[0-9][\s\S]*[A-Z]",  # upper-case letter and digit
}


def check_password_strength(password: str) -> None:
    """Raise a marshmallow ValidationError listing every weakness of a password."""
    problems = password_problems(password)
    if problems:
        raise ValidationError(problems)


EMAIL = Trimmed(
    required=True,
    validate=[
        validate.Email(error="Enter a valid email address."),
        validate.Length(max=254),
    ],
    metadata={"format": "email", "example": "jane@example.com"},
)
USERNAME = Trimmed(
    validate=validate.Regexp(
        USERNAME_PATTERN,
        error="Use 3-50 letters, digits, '-' or '_'.",
    ),
    metadata={"example": "jane-doe"},
)
FULL_NAME = Trimmed(
    validate=validate.Length(min=2, max=120, error="Use 2-120 characters."),
    metadata={"example": "Jane Doe"},
)


class RegisterSchema(Schema):
    email = EMAIL
    username = Trimmed(
        required=True, validate=USERNAME.validate, metadata=USERNAME.metadata
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=check_password_strength,
        metadata={"format": "password", "example": "Str0ngPassword", **PASSWORD_RULES},
    )
    full_name = Trimmed(
        required=True, validate=FULL_NAME.validate, metadata=FULL_NAME.metadata
    )


class LoginSchema(Schema):
    email = Trimmed(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=256)
    )


class UserSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    username = fields.String(required=True)
    full_name = fields.String(required=True)
    role = fields.String(
        required=True, metadata={"enum": ["admin", "recruiter", "candidate"]}
    )
    is_active = fields.Boolean(required=True)
    email_verified = fields.Function(
        lambda user: user.email_verified_at is not None,
        required=True,
        metadata={"type": "boolean"},
    )
    has_password = fields.Function(
        lambda user: user.password_hash is not None,
        required=True,
        metadata={"type": "boolean"},
    )
    created_at = fields.DateTime(required=True)
    last_login_at = fields.DateTime(allow_none=True, required=True)


class TokenSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Integer(required=True, metadata={"description": "Seconds"})
    user = fields.Nested(UserSchema, required=True)


class AccessTokenSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True)


class ProfileUpdateSchema(Schema):
    full_name = Trimmed(validate=FULL_NAME.validate, metadata=FULL_NAME.metadata)
    username = Trimmed(validate=USERNAME.validate, metadata=USERNAME.metadata)


class PasswordChangeSchema(Schema):
    # Required by the service when the account has a password (not for Google-only
    # accounts setting their first one).
    current_password = fields.String(
        load_default="", load_only=True, validate=validate.Length(max=256)
    )
    new_password = fields.String(
        required=True,
        load_only=True,
        validate=check_password_strength,
        metadata={"format": "password", **PASSWORD_RULES},
    )

    @validates_schema
    def differs_from_current(self, data, **kwargs):
        if data.get("current_password") and data.get("new_password") == data.get(
            "current_password"
        ):
            raise ValidationError(
                "Choose a password different from the current one.", "new_password"
            )


class TokenBodySchema(Schema):
    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The token at the end of the emailed link."},
    )


class ForgotPasswordSchema(Schema):
    email = EMAIL


def new_password_field() -> fields.String:
    """A required new password, checked for strength and documented with its rules."""
    return fields.String(
        required=True,
        load_only=True,
        validate=check_password_strength,
        metadata={"format": "password", **PASSWORD_RULES},
    )


class ResetPasswordSchema(TokenBodySchema):
    new_password = new_password_field()


class ResetFormSchema(Schema):
    new_password = new_password_field()
