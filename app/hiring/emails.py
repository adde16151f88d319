"""The applicant's confirmation email: what they applied to, and their own link to
check the application or withdraw it. Sent by a job (app.tasks) after the commit."""

import logging

from flask import current_app

from app.extensions import db
from app.mail import MailError, send_email
from app.models import Application

log = logging.getLogger(__name__)


def application_link(token: str) -> str:
    """The applicant's personal link (check status, withdraw)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/jobs/applications/{token}"


def send_confirmation(application_id: int, token: str) -> bool:
    """Email the applicant their confirmation and link; False when sending failed."""
    application = db.session.get(Application, application_id)
    if application is None:
        return False
    opening = application.opening
    company = opening.company or opening.product.name
    context = {
        "name": application.name,
        "title": opening.title,
        "company": company,
        "link": application_link(token),
        "privacy_link": current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/privacy",
        "app_name": current_app.config["APP_NAME"],
    }
    text = current_app.jinja_env.get_template("mail/application_received.txt").render(
        context
    )
    try:
        send_email(
            application.email,
            f"Your application for {opening.title} at {company}",
            text,
            to_name=application.name,
        )
    except MailError:
        log.warning("Application %s: confirmation email failed", application_id)
        return False
    return True
