"""/dev/mailbox: in development, the emails the console backend sent, with their links.

Answers 404 unless DEV_MAILBOX_DIR is set, which only the development configuration
does. No login: like the console output it replaces, it is for whoever runs the server.
Only the newest messages are kept (app/mail/mailbox.py); delete the folder to empty it.
"""

from flask import current_app, render_template

from app.errors import NotFound
from app.mail import mailbox
from app.main import bp


def _mailbox_dir() -> str:
    directory = current_app.config.get("DEV_MAILBOX_DIR")
    if not directory or current_app.config.get("APP_ENV") == "production":
        raise NotFound()
    return directory


@bp.get("/dev/mailbox")
def dev_mailbox():
    """List what the console backend sent, newest first."""
    messages = mailbox.list_messages(_mailbox_dir())
    return render_template("main/dev_mailbox.html", messages=messages)
