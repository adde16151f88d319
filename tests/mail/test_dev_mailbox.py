"""The development mailbox: what the console backend sent, listed with its links."""

import pytest

from app.mail import mailbox, send_email
from config import config_for


@pytest.fixture
def mailbox_dir(app, monkeypatch, tmp_path):
    """The console backend with a mailbox folder, as in development."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    monkeypatch.setitem(app.config, "DEV_MAILBOX_DIR", str(tmp_path / "mailbox"))
    return tmp_path / "mailbox"


def test_a_sent_email_is_listed_with_its_links(client, mailbox_dir, capsys):
    send_email(
        "casey@example.com",
        "Your interview with Acme",
        "Hello Casey,\nStart here: http://127.0.0.1:5000/i/abc123 (valid 7 days).\n",
        to_name="Casey Candidate",
    )
    send_email("rita@example.com", "Confirm your email", "http://x.test/verify/1")
    assert "Your interview with Acme" in capsys.readouterr().out  # still printed

    page = client.get("/dev/mailbox").get_data(as_text=True)
    assert page.index("Confirm your email") < page.index("Your interview with Acme")
    assert 'href="http://127.0.0.1:5000/i/abc123"' in page
    assert "Casey Candidate &lt;casey@example.com&gt;" in page


def test_only_the_newest_messages_are_kept(mailbox_dir, monkeypatch):
    monkeypatch.setattr(mailbox, "MAX_MESSAGES", 3)
    for number in range(5):
        send_email("a@example.com", f"Message {number}", "text")
    subjects = [message.subject for message in mailbox.list_messages(mailbox_dir)]
    assert subjects == ["Message 4", "Message 3", "Message 2"]


def test_the_mailbox_is_not_there_outside_development(client, app):
    assert app.config["DEV_MAILBOX_DIR"] is None
    assert client.get("/dev/mailbox").status_code == 404
    assert config_for("production").DEV_MAILBOX_DIR is None
    assert config_for("development").DEV_MAILBOX_DIR
