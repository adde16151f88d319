"""Email: `send_email()` hands one message to the configured backend.

MAIL_BACKEND picks the backend: `console` (default; prints the message, so `make run`
shows invitation links), `smtp` or `sendgrid`. Backends raise MailError when a message
could not be handed over; callers decide whether to retry. Invitation and account
emails are sent outside the request, by jobs (app/tasks.py).
"""

from dataclasses import dataclass

from flask import current_app


class MailError(Exception):
    """A message could not be handed over; str() says why, without any secret."""


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, e.g. an iCalendar invitation."""

    filename: str
    content: bytes
    mime_type: str  # "text/calendar; method=REQUEST"


@dataclass(frozen=True)
class OutgoingEmail:
    """One message with a plain-text part, an optional HTML alternative and files."""

    to: str
    subject: str
    text: str
    html: str | None
    from_email: str
    from_name: str = ""
    to_name: str = ""
    attachments: tuple[Attachment, ...] = ()


def _one_line(value: str | None) -> str:
    """Header values never carry line breaks (no header injection via names, titles)."""
    return " ".join((value or "").split())


def build_email(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    to_name: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> OutgoingEmail:
    """The message send_email() would send, with the sender from the configuration."""
    config = current_app.config
    return OutgoingEmail(
        to=_one_line(to),
        subject=_one_line(subject),
        text=text,
        html=html,
        from_email=_one_line(config["MAIL_FROM"]),
        from_name=_one_line(config.get("MAIL_FROM_NAME")),
        to_name=_one_line(to_name),
        attachments=tuple(attachments),
    )


def send_email(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    to_name: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> None:
    """Send one email through the configured backend; raises MailError when it fails."""
    from app.mail.backends import get_backend

    message = build_email(
        to, subject, text, html, to_name=to_name, attachments=attachments
    )
    get_backend(current_app.config).send(message)
