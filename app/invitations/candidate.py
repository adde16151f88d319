"""The candidate's link pages: welcome and consent at /i/<token>, then the ready page.

Candidates have no account. The consent form carries a CSRF value of its own, signed and
bound to the invitation's token hash. Every response keeps the token out of Referer
headers and caches, and out of search engines.
"""

from functools import wraps

from flask import (
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import format_day, locale_for, use_locale
from app.integrity import signals as integrity_signals
from app.invitations import bp, links
from app.invitations.delivery import format_expiry
from app.invitations.tokens import consent_form_token, consent_form_token_valid
from app.models import Question
from app.web import commit_if_changed

CANDIDATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
# The live interview (another part of Viva) registers this POST endpoint, taking
# `token`; the ready page's form sends it `csrf_token` (see consent_form_token_valid).
START_ENDPOINT = "live.candidate_start"
UNAVAILABLE_STATUS = {"unknown": 404, "expired": 410, "revoked": 410, "closed": 410}


def candidate_page(view):
    """Add the candidate pages' privacy headers to whatever the view answers."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers.update(CANDIDATE_HEADERS)
        return response

    return wrapper


def _page_context(invitation) -> dict:
    """What every link page shows; the page speaks the interview's language."""
    interview = invitation.interview
    use_locale(interview.language)
    locale = locale_for(interview.language)
    return {
        "invitation": invitation,
        "interview": interview,
        "company": interview.product.name,
        "question_count": db.session.scalar(  # a count, not every question's row
            select(func.count(Question.id)).where(
                Question.interview_id == interview.id, Question.approved.is_(True)
            )
        ),
        "expires": format_expiry(invitation.expires_at, locale),
        "expires_short": format_day(invitation.expires_at, locale),
        "contact": links.sender_contact(invitation),
    }


def _unavailable(reason: str, invitation=None):
    """The page for a link that cannot be used, with its status (completed: 200)."""
    context = _page_context(invitation) if invitation is not None else {}
    status = UNAVAILABLE_STATUS.get(reason, 200)
    return render_template(
        "candidate/unavailable.html", reason=reason, **context
    ), status


def _welcome(
    invitation, errors: dict, consent_checked: bool = False, status: int = 200
):
    return render_template(
        "candidate/welcome.html",
        errors=errors,
        consent_checked=consent_checked,
        form_token=consent_form_token(invitation.token_hash),
        integrity_measured=integrity_signals.DISCLOSURE,
        integrity_not_used=integrity_signals.NOT_USED,
        **_page_context(invitation),
    ), status


def _consent_errors(invitation) -> tuple[dict, int]:
    use_locale(invitation.interview.language)  # its messages are the page's words
    if not consent_form_token_valid(
        invitation.token_hash, request.form.get("csrf_token")
    ):
        return {
            "_form": [_("This page was open too long. Please tick the box again.")]
        }, 400
    if request.form.get("consent") != "1":
        return {"consent": [_("Tick the box to agree before you continue.")]}, 422
    return {}, 200


@bp.route("/i/<token>", methods=["GET", "POST"])
@candidate_page
def candidate_link(token):
    invitation = links.find_by_token(token)
    if invitation is None:
        return _unavailable("unknown")
    problem = links.link_problem(invitation)
    if problem:
        db.session.commit()
        return _unavailable(problem, invitation)
    links.open_link(invitation)
    if request.method == "POST":
        errors, status = _consent_errors(invitation)
        if errors:
            db.session.commit()
            return _welcome(
                invitation, errors, request.form.get("consent") == "1", status
            )
        links.record_consent(invitation)
    if invitation.consented_at is not None:
        db.session.commit()
        return redirect(url_for("invitations.candidate_ready", token=token))
    page = _welcome(invitation, {})  # before the commit, which would expire its rows
    db.session.commit()
    return page


@bp.get("/i/<token>/ready")
@candidate_page
def candidate_ready(token):
    invitation = links.find_by_token(token)
    if invitation is None:
        return _unavailable("unknown")
    problem = links.link_problem(invitation)
    commit_if_changed()  # a lapsed link is marked expired
    if problem:
        return _unavailable(problem, invitation)
    if invitation.consented_at is None:
        return redirect(url_for("invitations.candidate_link", token=token))
    start_url = None
    if START_ENDPOINT in current_app.view_functions:
        start_url = url_for(START_ENDPOINT, token=token)
    return render_template(
        "candidate/ready.html",
        start_url=start_url,
        resuming=invitation.status == "started",
        form_token=consent_form_token(invitation.token_hash),
        **_page_context(invitation),
    )
