"""Invitations: inviting candidates, their emails, and the candidate's link pages."""

from flask import Blueprint

bp = Blueprint("invitations", __name__)


@bp.record_once
def _set_up_mail_worker(state):
    """Give the app its mail worker, with the sweep that retries invitation emails."""
    from app.invitations.delivery import retry_due_invitations
    from app.mail.worker import init_worker

    init_worker(state.app).register_sweep(retry_due_invitations)


@bp.app_template_global()
def invitation_counts(interview) -> dict[str, int]:
    """Invitations of an interview per status, plus "total" (for the interview page)."""
    from app.invitations.service import status_counts

    return status_counts(interview)


@bp.app_template_filter("invitation_datetime")
def invitation_datetime(moment) -> str:
    """A human date and time in UTC, as the invitation email states it."""
    from app.invitations.delivery import format_expiry

    return format_expiry(moment) if moment else ""


from app.invitations import api, candidate, views  # noqa: E402,F401  (routes register on import)
