"""How /interview socket events are checked and how they fail: payloads validated by
their schemas (app/live/schemas.py) like the HTTP API's bodies, and every refusal or
failure answered with the one error envelope {"error": {code, message, details}}, in
an ack (with "ok": false, which the page reads) or as the `error` event."""

import logging
from functools import wraps

from sqlalchemy.exc import SQLAlchemyError

from app.errors import (
    AppError,
    InternalError,
    InvalidRequest,
    ServiceUnavailable,
    ValidationError,
    error_payload,
)
from app.extensions import db
from app.openapi import load_data

log = logging.getLogger(__name__)


class TurnFailed(AppError):
    status, code, title = 503, "TURN_FAILED", "The interviewer could not reply."


def refusal(error: AppError) -> dict:
    """The ack of a refused or failed event: the error envelope, with ok false."""
    return {"ok": False, **error_payload(error)}


def acked(handler):
    """An acked event handler whose every failure is rolled back and answered with
    the envelope: refusals (AppError) as they are, database and other errors as 503
    and 500, logged."""

    @wraps(handler)
    def answer_or_refuse(namespace, data=None):
        try:
            return handler(namespace, data)
        except AppError as error:
            _roll_back()
            return refusal(error)
        except SQLAlchemyError:
            _roll_back()
            log.exception("Database error in socket event %s", handler.__name__)
            return refusal(
                ServiceUnavailable("That could not be saved just now. Please retry.")
            )
        except Exception:
            _roll_back()
            log.exception("Unexpected error in socket event %s", handler.__name__)
            return refusal(InternalError())

    return answer_or_refuse


def _roll_back() -> None:
    """Drop what the failed event flushed; a database that is gone cannot stop the
    ack (the session is discarded at the end of the event either way)."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        log.warning("Rollback failed after a socket event error", exc_info=True)


def validated(schema, data, *, optional: bool = False) -> dict:
    """An event's payload validated by its schema; AppError (the envelope) if not.

    The message names the first problem (the page shows it); details hold them all."""
    if data is None and optional:
        data = {}
    if not isinstance(data, dict):
        raise InvalidRequest("The payload must be an object.")
    try:
        return load_data(schema, data)
    except ValidationError as error:
        fields_messages = [m for ms in error.details.values() for m in _listed(ms)]
        message = fields_messages[0] if fields_messages else error.message
        raise ValidationError(message, details=error.details) from error


def _listed(messages) -> list[str]:
    if isinstance(messages, list):
        return [m for m in messages if isinstance(m, str)]
    return [messages] if isinstance(messages, str) else []
