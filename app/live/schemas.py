"""Schemas of the /interview socket's payloads: validated like the HTTP API's bodies
(app.openapi.load_data), refused with the same error envelope."""

from marshmallow import EXCLUDE, Schema, fields, validate

from app.errors import MAX_RECORD_ID
from app.integrity import signals
from app.live.answers import (
    CLIENT_ID_MESSAGE,
    MAX_ANSWER_CHARS,
    MAX_CLIENT_ID_CHARS,
    TOO_LONG_MESSAGE,
)
from app.schemas import Trimmed


class SocketPayloadSchema(Schema):
    class Meta:
        # A page from an older deployment may send more; what we need is checked.
        unknown = EXCLUDE


class IntegritySchema(SocketPayloadSchema):
    """What the room measured while the answer was written (all optional, bounded;
    disclosed on the consent page, never scored)."""

    pasted_chars = fields.Integer(
        strict=True, validate=validate.Range(0, signals.MAX_CHARS)
    )
    typed_chars = fields.Integer(
        strict=True, validate=validate.Range(0, signals.MAX_CHARS)
    )
    first_key_ms = fields.Integer(
        strict=True, validate=validate.Range(0, signals.MAX_MS)
    )
    burst_cps = fields.Float(
        allow_nan=False, validate=validate.Range(0, signals.MAX_RATE)
    )
    focus_lost = fields.Integer(
        strict=True, validate=validate.Range(0, signals.MAX_FOCUS_LOST)
    )


class AnswerSchema(SocketPayloadSchema):
    """`answer {client_id, text, integrity?}`: the page's id for this answer, the
    answer, and the integrity signals measured while it was written."""

    client_id = fields.String(
        required=True,
        validate=validate.Length(
            min=1,
            max=MAX_CLIENT_ID_CHARS,
            error=CLIENT_ID_MESSAGE.format(max=MAX_CLIENT_ID_CHARS),
        ),
    )
    text = Trimmed(
        required=True,
        validate=[
            validate.Length(max=MAX_ANSWER_CHARS, error=TOO_LONG_MESSAGE),
            validate.Length(min=1, error="Your answer is empty."),
        ],
    )
    integrity = fields.Nested(IntegritySchema, load_default=None, allow_none=True)
    # The candidate writes several messages: the interviewer waits for `reply_now`.
    hold = fields.Boolean(load_default=False)


class ResumeSchema(SocketPayloadSchema):
    """`resume {last_seq}`: the last turn the page holds (0 or absent: none)."""

    last_seq = fields.Integer(
        load_default=0, validate=validate.Range(min=0, max=MAX_RECORD_ID)
    )


class WatchAuthSchema(SocketPayloadSchema):
    """A recruiter's connect `auth {watch}`: the session to watch."""

    watch = fields.Integer(
        required=True, validate=validate.Range(min=1, max=MAX_RECORD_ID)
    )
