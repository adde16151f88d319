"""send_email() through each backend: console, a real SMTP sink, the SendGrid SDK."""

import logging
import socket

import pytest

from app.mail import MailError, send_email
from app.mail.backends import get_backend
from tests.fakes.sendgrid_server import FakeSendGrid
from tests.fakes.smtp_sink import SMTPSink, free_port

# The local sink takes logins over plain text; aiosmtpd warns about it per connection.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

TEXT = "Hello Jane,\nYour link: https://viva.example.com/i/abc\n"
HTML = "<p>Hello Jane, <a href='https://viva.example.com/i/abc'>start</a></p>"


@pytest.fixture
def mail_config(app, monkeypatch):
    """Set mail settings for one test; the session app gets its own values back."""

    def configure(**settings):
        for key, value in settings.items():
            monkeypatch.setitem(app.config, key, value)

    configure(MAIL_FROM="hiring@viva.example.com", MAIL_FROM_NAME="Viva Hiring")
    return configure


@pytest.fixture
def sendgrid(mail_config):
    with FakeSendGrid() as server:
        mail_config(
            MAIL_BACKEND="sendgrid",
            SENDGRID_API_KEY=server.api_key,
            SENDGRID_API_HOST=server.url,
            MAIL_TIMEOUT_SECONDS=2,
        )
        yield server


def _smtp(mail_config, sink: SMTPSink, **settings):
    defaults = {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": sink.host,
        "SMTP_PORT": sink.port,
        "SMTP_STARTTLS": False,
        "SMTP_USERNAME": None,
        "SMTP_PASSWORD": None,
        "MAIL_TIMEOUT_SECONDS": 5,
    }
    mail_config(**{**defaults, **settings})


# Console ---------------------------------------------------------------------------


def test_console_backend_prints_the_message_and_logs_a_line(
    mail_config, capsys, caplog
):
    mail_config(MAIL_BACKEND="console")
    with caplog.at_level(logging.INFO, logger="viva.mail"):
        send_email("jane@example.com", "Your interview", TEXT, HTML, to_name="Jane Doe")
    printed = capsys.readouterr().out
    assert "To: Jane Doe <jane@example.com>" in printed
    assert "From: Viva Hiring <hiring@viva.example.com>" in printed
    assert "Subject: Your interview" in printed
    assert "https://viva.example.com/i/abc" in printed
    assert "<p>" not in printed  # the text part, readable in a terminal
    assert "printed to the console" in caplog.text
    assert "jane@example.com" not in caplog.text


def test_no_backend_logs_or_reports_the_recipient_address(
    mail_config, capsys, caplog, sendgrid
):
    """Addresses are personal data: log lines name a message id, never who got it,
    and a refusal's reason (stored, shown to recruiters) loses the address too."""
    address = "Jane.Private@Example.com"
    with caplog.at_level(logging.DEBUG):
        mail_config(MAIL_BACKEND="console")
        send_email(address, "S", TEXT, to_name="Jane Doe")
        mail_config(MAIL_BACKEND="sendgrid")
        send_email(address, "S", TEXT, to_name="Jane Doe")
        with SMTPSink() as sink:
            _smtp(mail_config, sink)
            send_email(address, "S", TEXT, to_name="Jane Doe")
            sink.reject_recipients = True
            with pytest.raises(MailError) as refused:
                send_email(address, "S", TEXT)
    assert len(sink.messages) == 1 and len(sendgrid.requests) == 1
    assert "550" in str(refused.value) and "<recipient>" in str(refused.value)
    assert address.lower() not in str(refused.value).lower()
    # Everything logged in this process but by the fake SMTP server itself (aiosmtpd).
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name != "mail.log"
    ).lower()
    assert "printed to the console" in logged and "sent through smtp" in logged
    assert "accepted by sendgrid" in logged
    assert address.lower() not in logged and "jane doe" not in logged


def test_header_values_lose_line_breaks(mail_config, capsys):
    mail_config(MAIL_BACKEND="console")
    send_email("jane@example.com", "Hi\r\nBcc: evil@example.com", TEXT, to_name="J\nD")
    printed = capsys.readouterr().out
    assert "Subject: Hi Bcc: evil@example.com" in printed
    assert "\nBcc:" not in printed
    assert "To: J D <jane@example.com>" in printed


def test_an_unknown_backend_is_a_mail_error(mail_config):
    mail_config(MAIL_BACKEND="pigeon")
    with pytest.raises(MailError, match="pigeon"):
        send_email("jane@example.com", "S", TEXT)


# SMTP ------------------------------------------------------------------------------


def test_smtp_delivers_a_text_and_html_message(mail_config):
    with SMTPSink() as sink:
        _smtp(mail_config, sink)
        send_email("jane@example.com", "Your interview", TEXT, HTML, to_name="Jane Doe")
    assert len(sink.messages) == 1
    message = sink.messages[0]
    assert sink.envelopes[0].rcpt_tos == ["jane@example.com"]
    assert sink.envelopes[0].mail_from == "hiring@viva.example.com"
    assert message["Subject"] == "Your interview"
    assert message["To"] == "Jane Doe <jane@example.com>"
    assert message["From"] == "Viva Hiring <hiring@viva.example.com>"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "https://viva.example.com/i/abc" in text
    assert "<a href='https://viva.example.com/i/abc'>" in html


def test_smtp_logs_in_when_a_username_is_set(mail_config):
    with SMTPSink(username="mailer", password="s3cret") as sink:
        _smtp(mail_config, sink, SMTP_USERNAME="mailer", SMTP_PASSWORD="s3cret")
        send_email("jane@example.com", "S", TEXT)
    assert sink.logins == ["mailer"]
    assert len(sink.messages) == 1


def test_smtp_wrong_password_is_a_mail_error_without_the_password(mail_config):
    with SMTPSink(username="mailer", password="s3cret") as sink:
        _smtp(mail_config, sink, SMTP_USERNAME="mailer", SMTP_PASSWORD="wrong-pass")
        with pytest.raises(MailError, match="535") as caught:
            send_email("jane@example.com", "S", TEXT)
    assert "wrong-pass" not in str(caught.value)
    assert sink.messages == []


def test_smtp_requires_starttls_when_configured(mail_config):
    with SMTPSink() as sink:  # a server that offers no STARTTLS
        _smtp(mail_config, sink, SMTP_STARTTLS=True)
        with pytest.raises(MailError, match="STARTTLS"):
            send_email("jane@example.com", "S", TEXT)
    assert sink.messages == []


def test_smtp_refusal_is_a_mail_error_with_the_server_answer(mail_config):
    with SMTPSink() as sink:
        sink.reject_data = "554 5.7.1 Message rejected as spam"
        _smtp(mail_config, sink)
        with pytest.raises(MailError, match="554.*rejected as spam"):
            send_email("jane@example.com", "S", TEXT)


def test_smtp_unreachable_server_is_a_mail_error(mail_config):
    port = free_port()  # nothing listens there
    mail_config(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    mail_config(SMTP_STARTTLS=False, MAIL_TIMEOUT_SECONDS=2)
    with pytest.raises(MailError, match=f"127.0.0.1:{port}"):
        send_email("jane@example.com", "S", TEXT)


def test_smtp_silent_server_times_out(mail_config):
    with socket.socket() as listener:  # accepts connections, never greets
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        mail_config(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
        mail_config(SMTP_STARTTLS=False, MAIL_TIMEOUT_SECONDS=0.5)
        with pytest.raises(MailError, match="timed out"):
            send_email("jane@example.com", "S", TEXT)


# SendGrid --------------------------------------------------------------------------


def test_sendgrid_posts_both_parts_with_the_bearer_key(sendgrid):
    send_email("jane@example.com", "Your interview", TEXT, HTML, to_name="Jane Doe")
    assert len(sendgrid.requests) == 1
    request = sendgrid.requests[0]
    assert request.path == "/v3/mail/send"
    assert request.headers["Authorization"] == f"Bearer {sendgrid.api_key}"
    body = request.json
    assert body["from"] == {"email": "hiring@viva.example.com", "name": "Viva Hiring"}
    assert body["personalizations"][0]["to"] == [
        {"email": "jane@example.com", "name": "Jane Doe"}
    ]
    assert body["subject"] == "Your interview"
    assert body["content"] == [
        {"type": "text/plain", "value": TEXT},
        {"type": "text/html", "value": HTML},
    ]


def test_sendgrid_tracking_is_switched_off(sendgrid):
    send_email("jane@example.com", "S", TEXT, HTML)
    tracking = sendgrid.messages[0]["tracking_settings"]
    assert tracking["click_tracking"] == {"enable": False, "enable_text": False}
    assert tracking["open_tracking"] == {"enable": False}


def test_sendgrid_wrong_key_is_a_mail_error_naming_401(sendgrid, mail_config):
    mail_config(SENDGRID_API_KEY="SG.not-the-right-one")
    with pytest.raises(MailError, match="SendGrid answered 401") as caught:
        send_email("jane@example.com", "S", TEXT)
    assert "SG.not-the-right-one" not in str(caught.value)
    assert sendgrid.messages == []


@pytest.mark.parametrize("status", [400, 429, 500, 503])
def test_sendgrid_error_answers_are_mail_errors(sendgrid, status):
    sendgrid.reply(status, {"errors": [{"message": f"failure {status}"}]})
    with pytest.raises(
        MailError, match=f"SendGrid answered {status}.*failure {status}"
    ):
        send_email("jane@example.com", "S", TEXT)


def test_sendgrid_stall_times_out(sendgrid, mail_config):
    mail_config(MAIL_TIMEOUT_SECONDS=0.5)
    sendgrid.reply(202, delay=5)
    with pytest.raises(MailError, match="timed out"):
        send_email("jane@example.com", "S", TEXT)


def test_sendgrid_without_a_key_is_a_mail_error(sendgrid, mail_config):
    mail_config(SENDGRID_API_KEY=None)
    with pytest.raises(MailError, match="SENDGRID_API_KEY"):
        send_email("jane@example.com", "S", TEXT)
    assert sendgrid.requests == []


def test_sendgrid_unreachable_is_a_mail_error(mail_config):
    mail_config(
        MAIL_BACKEND="sendgrid",
        SENDGRID_API_KEY="SG.x",
        SENDGRID_API_HOST=f"http://127.0.0.1:{free_port()}",
    )
    with pytest.raises(MailError, match="SendGrid"):
        send_email("jane@example.com", "S", TEXT)


def test_backends_are_chosen_by_configuration(app):
    names = {
        name: type(get_backend({**app.config, "MAIL_BACKEND": name})).__name__
        for name in ("console", "smtp", "sendgrid", "SMTP")
    }
    assert names == {
        "console": "ConsoleBackend",
        "smtp": "SMTPBackend",
        "sendgrid": "SendGridBackend",
        "SMTP": "SMTPBackend",
    }
