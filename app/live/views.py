"""The live interview pages: the candidate's room and a recruiter's watch view."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import AuthError, NotFound, ValidationError
from app.extensions import db
from app.i18n import use_locale
from app.invitations import links
from app.invitations.tokens import consent_form_token, consent_form_token_valid
from app.live import bp, conductor, endings, experience
from app.live.participants import (
    COOKIE_NAME,
    participant_session,
    set_participant_cookie,
)
from app.models import EXPERIENCE_COMMENT_MAX, InterviewSession
from app.openapi import load_data
from app.ownership import get_session
from app.rights.faq import faq_for

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
        end_form_token=None if watch else consent_form_token(invitation_hash(session)),
        **({} if watch else _experience_form(session)),
        faq=faq_for(interview.id),
    )
    return response, 200, NO_REFERRER


def _experience_form(session: InterviewSession, **form) -> dict:
    """What the rating form needs (in the room's ending, or on its own page)."""
    return {
        "experience_token": consent_form_token(session.invitation.token_hash),
        "experience_rated": experience.has_rated(session),
        "experience_labels": experience.LABELS,
        "experience_max": EXPERIENCE_COMMENT_MAX,
        "experience_values": form.get("values") or {},
        "experience_errors": form.get("errors") or {},
    }


def _candidate_session() -> InterviewSession:
    session = participant_session(request.cookies.get(COOKIE_NAME))
    if session is None:
        raise AuthError(
            "Open the link from your invitation email to join your interview."
        )
    return session


def _experience_page(session: InterviewSession, *, status=200, **form):
    interview = session.invitation.interview
    use_locale(interview.language)
    page = render_template(
        "live/experience.html",
        interview=interview,
        company=interview.product.name,
        thanked=form.pop("thanked", False),
        **_experience_form(session, **form),
    )
    return page, status, NO_REFERRER


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
    return _room(_candidate_session(), watch=False)


@bp.get("/interview/experience")
def experience_form():
    """The rating on a page of its own (the room shows the same form at its end)."""
    session = _candidate_session()
    if not experience.may_rate(session):
        return redirect(url_for("live.room"))
    return _experience_page(session, thanked=experience.has_rated(session))


@bp.post("/interview/experience")
def experience_submit():
    """Keep the candidate's rating (the first one), then thank them."""
    session = _candidate_session()
    if not experience.may_rate(session):
        return redirect(url_for("live.room"))
    if not consent_form_token_valid(
        session.invitation.token_hash, request.form.get("csrf_token")
    ):
        raise AuthError("This page was open too long. Please open it again.")
    values = {
        "rating": request.form.get("rating") or None,
        "comment": request.form.get("comment", ""),
    }
    values = {name: value for name, value in values.items() if value is not None}
    try:
        answer = load_data(experience.ExperienceSchema, values)
    except ValidationError as error:
        return _experience_page(
            session, status=422, values=values, errors=error.details
        )
    experience.record(session, answer)
    db.session.commit()
    return _experience_page(session, thanked=True)


def invitation_hash(session: InterviewSession) -> str:
    return session.invitation.token_hash


@bp.post("/interview/end")
def end_early():
    """The candidate ends their interview before the last question (the room asks
    for confirmation first): completed, ended early, scored on the answers given."""
    session = _candidate_session()
    if not consent_form_token_valid(
        invitation_hash(session), request.form.get("csrf_token")
    ):
        flash("This page was open too long. Please try again.", "error")
    elif endings.end_early(session):
        db.session.commit()
    response = redirect(url_for("live.room"))
    response.headers.update(NO_REFERRER)
    return response


@bp.get("/portal/sessions/<int:session_id>/watch")
@recruiter_required
def watch(session_id):
    """A recruiter watches one of their candidates' sessions live."""
    return _room(get_session(get_current_user(), session_id), watch=True)
