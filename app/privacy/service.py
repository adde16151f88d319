"""Running a data subject request to its end, and the emails it sends."""

import json
import logging

from flask import current_app

from app.audit import record_event
from app.extensions import db
from app.mail import MailError, send_email
from app.models import PrivacyRequest, User, utcnow
from app.privacy import work
from app.privacy.requests import CONFIRM_HOURS

log = logging.getLogger("viva.privacy")


def privacy_link(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def send_privacy_email(to: str, template: str, subject: str, **context) -> bool:
    """One privacy email (plain text); a mail failure is logged, never raised."""
    context = {"app_name": current_app.config["APP_NAME"], **context}
    text = current_app.jinja_env.get_template(f"mail/{template}.txt").render(context)
    try:
        send_email(to, subject, text)
    except MailError as exc:
        log.warning("Privacy email (%s) not sent: %s", template, type(exc).__name__)
        return False
    return True


def send_confirmation(request: PrivacyRequest, token: str) -> bool:
    """Email the single-use link that confirms a self-service request."""
    return send_privacy_email(
        request.email,
        "privacy_confirm",
        "Confirm your data request",
        kind=request.kind,
        hours=CONFIRM_HOURS,
        link=privacy_link(f"/privacy/confirm/{token}"),
    )


def _recipient(request: PrivacyRequest) -> str:
    if request.requested_by_id is not None:
        return db.session.get(User, request.requested_by_id).email
    return request.email


def run_request(request_id: int) -> str | None:
    """Do a queued export or erasure (commits); its new status, None if not due."""
    request = db.session.get(PrivacyRequest, request_id)
    if request is None or request.status != "queued":
        return None
    if request.kind == "export":
        token = work.build_export(request)
        db.session.commit()
        send_privacy_email(
            _recipient(request),
            "privacy_export_ready",
            "Your data export is ready",
            link=privacy_link(f"/privacy/download/{token}"),
            hours=current_app.config["DATA_EXPORT_EXPIRY_HOURS"],
        )
        return request.status
    return _run_erasure(request)


def _run_erasure(request: PrivacyRequest) -> str:
    person = request.email
    held = work.holds_in_the_way(request)
    if held:
        request.status = "refused"
        request.outcome = "A legal hold applies to this person's data."
        record_event("privacy.erasure_refused", target=request, details={"held": held})
        db.session.commit()
        send_privacy_email(
            person, "privacy_refused", "Your erasure request", reason=request.outcome
        )
        return request.status
    counts = work.erase(request)
    request.status = "done"
    request.completed_at = utcnow()
    request.outcome = json.dumps(counts)
    record_event("privacy.erased", target=request, details=counts)
    db.session.commit()
    send_privacy_email(person, "privacy_erased", "Your data has been erased")
    return request.status
