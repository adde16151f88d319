"""Mail backends: console (prints), SMTP (smtplib) and SendGrid (the official SDK).

Each backend has one method, `send(message)`, and raises MailError on any failure, with
a reason that is safe to store and show to a recruiter (never a password or an API key,
nor the recipient's address). Log lines name a message by its Message-ID, never by
its recipient: addresses are personal data and logs are kept and shipped elsewhere.
"""

import base64
import logging
import re
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from urllib.error import URLError

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import (
    Attachment as SendGridAttachment,
)
from sendgrid.helpers.mail import (
    ClickTracking,
    Disposition,
    FileContent,
    FileName,
    FileType,
    From,
    Mail,
    OpenTracking,
    To,
    TrackingSettings,
)

from app.mail import MailError, OutgoingEmail

log = logging.getLogger("viva.mail")
# The SendGrid SDK's HTTP client logs every request body at DEBUG: the recipient's
# address and the message with its private links. Never let it, whatever the level.
logging.getLogger("python_http_client").setLevel(logging.WARNING)

DEFAULT_TIMEOUT_SECONDS = 10
ERROR_TEXT_LIMIT = 300


def _timeout(config) -> float:
    return float(config.get("MAIL_TIMEOUT_SECONDS") or DEFAULT_TIMEOUT_SECONDS)


def _without(text: str, address: str) -> str:
    """A server's answer with the recipient's address taken out."""
    if not address:
        return text
    return re.sub(re.escape(address), "<recipient>", text, flags=re.IGNORECASE)


def _short(text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = " ".join(str(text).split())
    return text if len(text) <= ERROR_TEXT_LIMIT else text[: ERROR_TEXT_LIMIT - 1] + "…"


class ConsoleBackend:
    """Prints each message to stdout (and logs a line): the default, for development."""

    def __init__(self, config):
        self.stream = sys.stdout
        self.mailbox_dir = config.get("DEV_MAILBOX_DIR") or None

    def send(self, message: OutgoingEmail) -> None:
        """Print the headers and the plain-text part, which holds every link; in
        development also keep it for the mailbox page (app/mail/mailbox.py)."""
        sender = formataddr((message.from_name, message.from_email))
        recipient = formataddr((message.to_name, message.to))
        block = "\n".join(
            [
                "----- email (MAIL_BACKEND=console) -----",
                f"From: {sender}",
                f"To: {recipient}",
                f"Subject: {message.subject}",
                *(
                    f"Attachment: {item.filename} ({item.mime_type})"
                    for item in message.attachments
                ),
                "",
                message.text.rstrip(),
                "----- end of email -----",
            ]
        )
        print(block, file=self.stream, flush=True)
        if self.mailbox_dir:
            from app.mail.mailbox import save_message

            save_message(self.mailbox_dir, message)
        log.info("Email %s printed to the console", make_msgid(domain="console"))


def build_mime(message: OutgoingEmail) -> EmailMessage:
    """A multipart/alternative MIME message (text first, then HTML)."""
    mime = EmailMessage()
    mime["From"] = formataddr((message.from_name, message.from_email))
    mime["To"] = formataddr((message.to_name, message.to))
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(localtime=False)
    domain = message.from_email.rpartition("@")[2] or "localhost"
    mime["Message-ID"] = make_msgid(domain=domain)
    mime["Auto-Submitted"] = "auto-generated"
    mime.set_content(message.text)
    if message.html:
        mime.add_alternative(message.html, subtype="html")
    for item in message.attachments:
        maintype, _, rest = item.mime_type.partition("/")
        subtype, _, params = rest.partition(";")
        mime.add_attachment(
            item.content,
            maintype=maintype,
            subtype=subtype.strip(),
            filename=item.filename,
            params=dict(
                part.strip().split("=", 1) for part in params.split(";") if "=" in part
            ),
        )
    return mime


class SMTPBackend:
    """Sends through an SMTP server: optional STARTTLS and login, with a timeout."""

    def __init__(self, config):
        self.host = config.get("SMTP_HOST") or "localhost"
        self.port = int(config.get("SMTP_PORT") or 587)
        self.username = config.get("SMTP_USERNAME") or None
        self.password = config.get("SMTP_PASSWORD") or ""
        self.starttls = bool(config.get("SMTP_STARTTLS"))
        self.timeout = _timeout(config)

    def send(self, message: OutgoingEmail) -> None:
        """Deliver one message in its own SMTP connection."""
        mime = build_mime(message)
        where = f"SMTP {self.host}:{self.port}"
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(mime)
        except smtplib.SMTPNotSupportedError as exc:
            raise MailError(f"{where}: {_short(exc)} (check SMTP_STARTTLS)") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            reasons = "; ".join(
                f"{code} {_without(_short(text), message.to)}"
                for code, text in exc.recipients.values()
            )
            raise MailError(f"{where} refused the recipient: {reasons}") from exc
        except smtplib.SMTPResponseException as exc:
            raise MailError(
                f"{where} answered {exc.smtp_code}: {_short(exc.smtp_error)}"
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"{where}: {type(exc).__name__}: {_short(exc)}") from exc
        log.info(
            "Email %s sent through %s (%d recipient(s) refused)",
            mime["Message-ID"],
            where,
            len(refused),
        )


class SendGridBackend:
    """Sends through SendGrid's v3 API with the official SDK; tracking switched off."""

    def __init__(self, config):
        self.api_key = config.get("SENDGRID_API_KEY")
        self.host = config.get("SENDGRID_API_HOST") or None
        self.timeout = _timeout(config)

    def _client(self) -> SendGridAPIClient:
        if self.host:
            client = SendGridAPIClient(self.api_key, host=self.host)
        else:
            client = SendGridAPIClient(self.api_key)
        # The SDK waits forever by default.
        client.client.timeout = self.timeout
        return client

    @staticmethod
    def _mail(message: OutgoingEmail) -> Mail:
        mail = Mail(
            from_email=From(message.from_email, message.from_name or None),
            to_emails=To(message.to, message.to_name or None),
            subject=message.subject,
            plain_text_content=message.text,
            html_content=message.html,
        )
        # Click tracking would route the candidate's private link through SendGrid's
        # redirector; open tracking adds a pixel. Neither belongs in an invitation.
        tracking = TrackingSettings()
        tracking.click_tracking = ClickTracking(False, False)
        tracking.open_tracking = OpenTracking(False)
        mail.tracking_settings = tracking
        for item in message.attachments:
            mail.add_attachment(
                SendGridAttachment(
                    FileContent(base64.b64encode(item.content).decode("ascii")),
                    FileName(item.filename),
                    FileType(item.mime_type.partition(";")[0]),
                    Disposition("attachment"),
                )
            )
        return mail

    def send(self, message: OutgoingEmail) -> None:
        """POST /v3/mail/send; anything but a 2xx answer raises MailError."""
        if not self.api_key:
            raise MailError("SendGrid: SENDGRID_API_KEY is not set")
        try:
            response = self._client().send(self._mail(message))
        except HTTPError as exc:
            raise MailError(
                f"SendGrid answered {exc.status_code}: {_short(exc.body)}"
            ) from exc
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise MailError(
                f"SendGrid: {type(exc).__name__}: {_short(reason)}"
            ) from exc
        if not 200 <= response.status_code < 300:
            raise MailError(f"SendGrid answered {response.status_code}")
        headers = getattr(response, "headers", None) or {}
        log.info(
            "Email %s accepted by SendGrid (%s)",
            headers.get("X-Message-Id", "without an id"),
            response.status_code,
        )


BACKENDS = {
    "console": ConsoleBackend,
    "smtp": SMTPBackend,
    "sendgrid": SendGridBackend,
}


def get_backend(config):
    """The backend MAIL_BACKEND names, built from the configuration."""
    name = (config.get("MAIL_BACKEND") or "console").lower()
    backend = BACKENDS.get(name)
    if backend is None:
        raise MailError(f"MAIL_BACKEND={name!r} is not one of {', '.join(BACKENDS)}")
    return backend(config)
