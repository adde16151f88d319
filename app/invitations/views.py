"""Portal pages for invitations: the list per interview, inviting, and row actions."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app import ratelimits, tasks
from app.auth.decorators import recruiter_required
from app.errors import AppError, ValidationError
from app.extensions import db
from app.invitations import actions, bp, bulk, service
from app.invitations.schemas import ExtendFormSchema, InviteOneSchema
from app.models import INVITATION_STATUSES
from app.openapi import load_data
from app.ownership import get_interview, get_invitation
from app.web import commit_if_changed, form_data, request_origin, safe_next_url


@bp.app_template_filter("invitation_datetime")
def invitation_datetime(moment) -> str:
    """A human date and time in UTC, as the invitation email states it."""
    from app.invitations.delivery import format_expiry

    return format_expiry(moment) if moment else ""


PER_PAGE = 25
INVITE_MODES = ("one", "paste", "csv")
# Fields each invite form shows errors next to; other problems go to the form's summary.
MODE_FIELDS = {"one": {"email", "name"}, "paste": {"candidates"}, "csv": {"file"}}


def interview_detail_url(interview) -> str | None:
    """The interview's own page, when that page exists in this build."""
    if "interviews.detail" in current_app.view_functions:
        return url_for("interviews.detail", interview_id=interview.id)
    return None


def _list_filters() -> dict:
    status = request.args.get("status") or None
    return {
        "status": status if status in INVITATION_STATUSES else None,
        "q": (request.args.get("q") or "").strip()[:254] or None,
        "page": max(request.args.get("page", 1, type=int) or 1, 1),
    }


@bp.get("/portal/interviews/<int:interview_id>/invitations")
@recruiter_required
def index(interview_id):
    interview = get_interview(get_current_user(), interview_id)
    filters = _list_filters()
    invitations, meta = service.list_invitations(
        interview, per_page=PER_PAGE, **filters
    )
    counts = service.status_counts(interview)
    commit_if_changed()
    return render_template(
        "invitations/index.html",
        interview=interview,
        invitations=invitations,
        meta=meta,
        counts=counts,
        filters=filters,
        detail_url=interview_detail_url(interview),
    )


def _form_errors(error: AppError, mode: str) -> dict:
    known = {k: v for k, v in error.details.items() if k in MODE_FIELDS[mode]}
    return known or {"_form": [error.message]}


def _invite(interview, user, mode: str, values: dict) -> service.InvitationBatch:
    ratelimits.hit("RATELIMIT_INVITATIONS", "user", user.id)
    origin = request_origin()
    if mode == "one":
        data = load_data(
            InviteOneSchema, {k: values.get(k, "") for k in ("email", "name")}
        )
        return service.invite_candidate(interview, **data, actor=user, origin=origin)
    if mode == "paste":
        rows = bulk.parse_pasted(values.get("candidates", ""))
    else:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            message = "Choose a CSV file to upload."
            raise ValidationError(message, details={"file": [message]})
        rows = bulk.parse_csv(upload.read())
    return service.invite_candidates(interview, rows, actor=user, origin=origin)


@bp.route(
    "/portal/interviews/<int:interview_id>/invitations/new", methods=["GET", "POST"]
)
@recruiter_required
def new(interview_id):
    user = get_current_user()
    interview = get_interview(user, interview_id)
    mode, values, errors, batch, status, headers = "one", {}, {}, None, 200, {}
    if request.method == "POST":
        values = form_data()
        mode = values.get("mode") if values.get("mode") in INVITE_MODES else "one"
        try:
            batch = _invite(interview, user, mode, values)
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors, status = _form_errors(error, mode), error.status
            headers = error.headers
        else:
            tasks.email_invitations(batch.issued)
            if mode == "one":
                flash(
                    f"Invitation created: the email to {values['email'].strip()} "
                    "is on its way.",
                    "success",
                )
                return redirect(url_for("invitations.index", interview_id=interview.id))
            values = {}
    return (
        render_template(
            "invitations/new.html",
            interview=interview,
            mode=mode,
            values=values,
            errors=errors,
            batch=batch,
            max_rows=bulk.MAX_ROWS,
            detail_url=interview_detail_url(interview),
        ),
        status,
        headers,
    )


def _back_to_list(invitation):
    fallback = url_for("invitations.index", interview_id=invitation.interview_id)
    return redirect(safe_next_url(request.form.get("next"), fallback))


@bp.post("/portal/invitations/<int:invitation_id>/resend")
@recruiter_required
def resend(invitation_id):
    user = get_current_user()
    invitation = get_invitation(user, invitation_id)
    try:
        ratelimits.hit("RATELIMIT_INVITATIONS", "user", user.id)
        issued = actions.resend_invitation(
            invitation, actor=user, origin=request_origin()
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        tasks.email_invitations([issued])
        flash(
            f"A new link is on its way to {invitation.email}. "
            "The previous link no longer works.",
            "success",
        )
    return _back_to_list(invitation)


@bp.post("/portal/invitations/<int:invitation_id>/revoke")
@recruiter_required
def revoke(invitation_id):
    user = get_current_user()
    invitation = get_invitation(user, invitation_id)
    try:
        actions.revoke_invitation(invitation, actor=user, origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(
            f"The invitation for {invitation.email} is revoked: its link no longer "
            "works.",
            "success",
        )
    return _back_to_list(invitation)


@bp.post("/portal/invitations/<int:invitation_id>/extend")
@recruiter_required
def extend(invitation_id):
    user = get_current_user()
    invitation = get_invitation(user, invitation_id)
    try:
        days = load_data(ExtendFormSchema, {"days": request.form.get("days", "")})[
            "days"
        ]
        actions.extend_invitation(invitation, days, actor=user, origin=request_origin())
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        messages = error.details.get("days") or [error.message]
        flash(f"The expiry was not changed: {' '.join(messages)}", "error")
    else:
        expires = invitation.expires_at
        flash(
            f"The link for {invitation.email} now expires on "
            f"{expires.day} {expires:%B %Y} at {expires:%H:%M} UTC.",
            "success",
        )
    return _back_to_list(invitation)
