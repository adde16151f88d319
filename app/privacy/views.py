"""Candidates' own data requests: ask (/privacy), confirm the emailed link, download;
and the recruiter's actions on a candidate's report: export, erase, legal hold.

No account is needed. Asking answers the same whether or not Viva holds anything for
the address (no one learns who applied where); only the address's owner can confirm.
"""

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required, role_required
from app.errors import AppError
from app.extensions import db
from app.openapi import load_data
from app.ownership import get_invitation
from app.privacy import (
    accounts,
    bp,
    consents,
    holds,
    requests,
    retention,
    service,
    work,
)
from app.privacy.schemas import SelfServiceRequestSchema
from app.ratelimits import limit_by_address
from app.tasks import run_privacy_request
from app.web import form_data, request_origin

KINDS = [("export", "Send me a copy of my data"), ("erasure", "Erase my data")]


@bp.route("/privacy", methods=["GET", "POST"])
@limit_by_address("RATELIMIT_PRIVACY_REQUESTS", "privacy-request")
def request_page():
    """Ask for a copy or an erasure of one's data; a confirmation link is emailed."""
    values, errors, sent_to, status = {"kind": "export"}, {}, None, 200
    if request.method == "POST":
        values = form_data()
        try:
            data = load_data(SelfServiceRequestSchema, values)
            asked, token = requests.ask(data["email"], data["kind"])
            db.session.commit()
            service.send_confirmation(asked, token)
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
            status = error.status
        else:
            sent_to = asked.email
    page = render_template(
        "privacy/request.html",
        values=values,
        errors=errors,
        sent_to=sent_to,
        kinds=KINDS,
    )
    return page, status


@bp.route("/privacy/confirm/<token>", methods=["GET", "POST"])
def confirm_page(token):
    """The emailed link: a button confirms (mail scanners that open links do not)."""
    if request.method == "GET":
        return render_template("privacy/confirm.html", token=token)
    try:
        confirmed = requests.confirm(token)
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        return render_template("privacy/gone.html", message=error.message), 410
    run_privacy_request(confirmed.id)
    return render_template("privacy/confirmed.html", kind=confirmed.kind)


@bp.route("/privacy/download/<token>", methods=["GET", "POST"])
def download_page(token):
    """The export's single-use link: a button downloads the ZIP, once."""
    hours = current_app.config["DATA_EXPORT_EXPIRY_HOURS"]
    if request.method == "GET":
        return render_template("privacy/download.html", token=token, hours=hours)
    try:
        content, file_name = work.download(token)
        db.session.commit()
    except AppError as error:
        db.session.commit()  # an expired file is forgotten for good
        return render_template("privacy/gone.html", message=error.message), 410
    return Response(
        content,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{file_name}"',
            "Cache-Control": "no-store",
        },
    )


# ---------------------------------------------------------------- the recruiter's side
@bp.app_template_global("candidate_privacy")
def candidate_privacy(invitation) -> dict:
    """What the report shows about a candidate's data: removal date, hold, consents."""
    return {
        "removal_date": retention.removal_date(invitation),
        "anonymized_at": invitation.anonymized_at,
        "hold": holds.active_hold(invitation.id),
        "consents": consents.consents_of(invitation),
    }


def _back_to_report(invitation_id: int):
    invitation = get_invitation(get_current_user(), invitation_id)
    if invitation.session is None:
        return redirect(
            url_for("invitations.index", interview_id=invitation.interview_id)
        )
    return redirect(
        url_for("results.report", session_id=invitation.session.id, _anchor="privacy")
    )


def _portal_request(invitation_id: int, kind: str, done: str):
    try:
        asked = requests.ask_for_candidate(
            get_current_user(), invitation_id, kind, request_origin()
        )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back_to_report(invitation_id)
    run_privacy_request(asked.id)
    db.session.refresh(asked)
    if asked.status == "refused":
        flash(f"Not erased: {asked.outcome}", "error")
    else:
        flash(done, "success")
    return _back_to_report(invitation_id)


@bp.post("/portal/candidates/<int:invitation_id>/erase")
@recruiter_required
def erase_candidate(invitation_id):
    """Erase a candidate's personal data (after the page's confirmation); audited."""
    done = "The candidate's personal data is erased; a receipt went to them."
    return _portal_request(invitation_id, "erasure", done)


@bp.post("/portal/candidates/<int:invitation_id>/export")
@recruiter_required
def export_candidate(invitation_id):
    """Export a candidate's data; the download link is emailed to the recruiter."""
    done = "The export is ready: we emailed you a single-use download link."
    return _portal_request(invitation_id, "export", done)


@bp.post("/portal/candidates/<int:invitation_id>/hold")
@recruiter_required
def hold_candidate(invitation_id):
    """Place or release a legal hold on a candidate's data; audited."""
    user = get_current_user()
    try:
        if request.form.get("action") == "release":
            holds.release_hold(user, invitation_id, request_origin())
            message = "The legal hold is released."
        else:
            reason = " ".join(request.form.get("reason", "").split())[:500]
            holds.place_hold(user, invitation_id, reason, request_origin())
            message = "The candidate's data is under a legal hold."
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(message, "success")
    return _back_to_report(invitation_id)


# ---------------------------------------------------------------- a candidate account
@bp.post("/practice/profile/data")
@role_required("candidate")
def account_request():
    """A candidate account asks for a copy or an erasure of its data from the
    profile page; the link that confirms it is emailed to the account's address."""
    kind = request.form.get("kind")
    if kind not in ("export", "erasure") or (
        kind == "erasure" and request.form.get("confirm") != "yes"
    ):
        flash("Tick the box to confirm that you want your data erased.", "error")
        return redirect(url_for("practice.profile_page", _anchor="your-data"))
    user = get_current_user()
    asked, token = accounts.ask_for_own_data(user, kind, request_origin())
    db.session.commit()
    service.send_confirmation(asked, token)
    flash(
        f"Check your email: we sent a link to {user.email} to confirm your request.",
        "success",
    )
    return redirect(url_for("practice.profile_page", _anchor="your-data"))
