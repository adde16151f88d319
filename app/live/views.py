"""The live interview pages: the candidate's room and a recruiter's watch view."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import AuthError, NotFound
from app.extensions import db
from app.i18n import use_locale
from app.invitations import links
from app.invitations.tokens import consent_form_token_valid
from app.live import bp, conductor
from app.live.participants import (
    COOKIE_NAME,
    participant_session,
    set_participant_cookie,
)
from app.models import InterviewSession
from app.ownership import get_session

NO_REFERRER = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _room(session: InterviewSession, *, watch: bool):
    interview = session.invitation.interview
    if not watch:  # the candidate's room speaks the interview's language
        use_locale(interview.language)
    response = render_template(
        "live/room.html",
        session=session,
        interview=interview,
        company=interview.product.name,
        candidate_name=session.invitation.name or session.invitation.email,
        watch=watch,
    )
    return response, 200, NO_REFERRER


@bp.post("/i/<token>/start")
def candidate_start(token):
    """Start or resume the session behind a consented link, then drop the token."""
    invitation = links.find_by_token(token)
    if invitation is None:
        raise NotFound("This interview link is not valid.")
    link_page = redirect(url_for("invitations.candidate_link", token=token))
    if links.link_problem(invitation) or invitation.consented_at is None:
        db.session.commit()
        return link_page
    if not consent_form_token_valid(
        invitation.token_hash, request.form.get("csrf_token")
    ):
        use_locale(invitation.interview.language)
        flash(_("This page was open too long. Please press Start again."), "error")
        return redirect(url_for("invitations.candidate_ready", token=token))
    session = conductor.start_session(invitation)
    ids = session.id, invitation.id  # read before the commit expires them
    db.session.commit()
    response = redirect(url_for("live.room"))
    response.headers.update(NO_REFERRER)
    return set_participant_cookie(response, *ids)


@bp.get("/interview")
def room():
    """The candidate's interview room, via the participant cookie (no URL token)."""
    session = participant_session(request.cookies.get(COOKIE_NAME))
    if session is None:
        raise AuthError(
            "Open the link from your invitation email to join your interview."
        )
    return _room(session, watch=False)


@bp.get("/portal/sessions/<int:session_id>/watch")
@recruiter_required
def watch(session_id):
    """A recruiter watches one of their candidates' sessions live."""
    return _room(get_session(get_current_user(), session_id), watch=True)
