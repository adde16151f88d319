"""One error hierarchy and one JSON envelope; HTML error pages for browsers.

Raise an AppError subclass anywhere (`raise Conflict("This email is already invited")`);
the handlers registered here decide between the JSON envelope and an HTML page by the
request.
"""

import logging

from flask import Flask, jsonify, render_template, request
from redis.exceptions import RedisError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from app.extensions import db

log = logging.getLogger(__name__)


class AppError(Exception):
    """Base of every error Viva reports to a client."""

    status = 400
    code = "INVALID_REQUEST"
    title = "Bad request"

    def __init__(self, message: str | None = None, details: dict | None = None):
        super().__init__(message or self.title)
        self.message = message or self.title
        self.details = details or {}
        # Response headers that go with this error (e.g. Retry-After).
        self.headers: dict[str, str] = {}


class InvalidRequest(AppError):
    status, code, title = 400, "INVALID_REQUEST", "Bad request"


class AuthError(AppError):
    status, code, title = 401, "AUTH_ERROR", "Authentication required"


class Forbidden(AppError):
    status, code, title = 403, "FORBIDDEN", "You do not have access to this"


class NotFound(AppError):
    status, code, title = 404, "NOT_FOUND", "Not found"


class MethodNotAllowed(AppError):
    status, code, title = 405, "METHOD_NOT_ALLOWED", "Method not allowed"


class Conflict(AppError):
    status, code, title = 409, "CONFLICT", "Conflict"


class Gone(AppError):
    status, code, title = 410, "GONE", "No longer available"


class PayloadTooLarge(AppError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Request body too large"


class UnsupportedMediaType(AppError):
    status, code, title = 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"


class ValidationError(AppError):
    status, code, title = 422, "VALIDATION_ERROR", "Some fields are invalid"


class InteractionError(AppError):
    status, code, title = 409, "INTERACTION_ERROR", "That cannot be done right now"


class RateLimited(AppError):
    status, code, title = 429, "RATE_LIMITED", "Too many requests"

    def __init__(
        self,
        message: str | None = None,
        details: dict | None = None,
        *,
        retry_after: int = 60,
    ):
        super().__init__(message, details)
        self.retry_after = max(1, int(retry_after))
        self.headers["Retry-After"] = str(self.retry_after)


class InternalError(AppError):
    status, code, title = 500, "INTERNAL_ERROR", "Something went wrong on our side"


class ConfigError(AppError):
    status, code, title = 503, "CONFIG_ERROR", "This feature is not configured"


class ServiceUnavailable(AppError):
    status, code, title = 503, "SERVICE_UNAVAILABLE", "Service unavailable"


# Werkzeug's own errors (routing, malformed JSON, oversized bodies) mapped into the
# hierarchy.
HTTP_STATUS_ERRORS: dict[int, type[AppError]] = {
    400: InvalidRequest,
    401: AuthError,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    410: Gone,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: ValidationError,
    429: RateLimited,
    500: InternalError,
    503: ServiceUnavailable,
}


def wants_json() -> bool:
    """True when the client should get the JSON envelope rather than an HTML page."""
    if request.path.startswith("/api/") or request.path == "/apispec.json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def error_payload(error: AppError) -> dict:
    """The envelope: {"error": {"code", "message", "details"}}."""
    return {
        "error": {
            "code": error.code,
            "message": error.message,
            "details": error.details,
        }
    }


def error_response(error: AppError, headers: dict | None = None):
    """Render an AppError as the JSON envelope or an HTML page, with its status."""
    if wants_json():
        response = jsonify(error_payload(error))
    else:
        # The page has friendlier default wording per status; only specific messages
        # show.
        response = render_template(
            "errors/error.html",
            status=error.status,
            message=error.message if error.message != error.title else None,
        )
    return response, error.status, headers or {}


def _from_http_exception(exc: HTTPException) -> AppError:
    cls = HTTP_STATUS_ERRORS.get(exc.code or 500)
    if cls is None:
        cls = type("HTTPError", (AppError,), {"status": exc.code, "title": exc.name})
    message = cls.title
    if exc.code == 400 and exc.description:
        # Malformed JSON and similar: Werkzeug's description says what was wrong.
        message = "The request could not be understood: malformed body or parameters"
    return cls(message)


RACED = (
    "Someone else changed this at the same moment. Reload and try again if it still "
    "needs doing."
)
REDIS_DOWN = "Viva is briefly unavailable. Please try again in a few seconds."


# Record ids are 32-bit integers in the database; a larger id in a URL cannot exist.
MAX_RECORD_ID = 2**31 - 1


def register_error_handlers(app: Flask) -> None:
    """Route every error (ours, Werkzeug's, unexpected ones) through one envelope."""

    @app.url_value_preprocessor
    def _ids_in_range(endpoint, values):
        """Answer 404 for ids no record can have, before the database rejects them."""
        for value in (values or {}).values():
            if isinstance(value, int) and value > MAX_RECORD_ID:
                raise NotFound()

    @app.errorhandler(AppError)
    def handle_app_error(error: AppError):
        # Nothing half-done: whatever the failed request flushed is dropped first.
        db.session.rollback()
        return error_response(error, error.headers)

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        headers = {}
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)
        retry_after = exc.response.headers.get("Retry-After") if exc.response else None
        if retry_after:
            headers["Retry-After"] = retry_after
        return error_response(_from_http_exception(exc), headers)

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(exc: IntegrityError):
        # A write that raced another request for the same unique value (the rules
        # insert with ON CONFLICT where a loser can go on; this catches the rest).
        db.session.rollback()
        log.warning("Write conflict on %s %s", request.method, request.path)
        return error_response(Conflict(RACED))

    @app.errorhandler(RedisError)
    def handle_redis_error(exc: RedisError):
        # Redis (shared counters, the revocation cache) is away: say so with a 503
        # rather than a 500; what must still work falls back to the database.
        db.session.rollback()
        log.warning("Redis unreachable on %s %s", request.method, request.path)
        return error_response(ServiceUnavailable(REDIS_DOWN), {"Retry-After": "5"})

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(InternalError())
