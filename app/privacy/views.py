"""Candidates' own data requests: ask (/privacy), confirm the emailed link, download.

No account is needed. Asking answers the same whether or not Viva holds anything for
the address (no one learns who applied where); only the address's owner can confirm.
"""

from flask import Response, current_app, render_template, request

from app.errors import AppError
from app.extensions import db
from app.openapi import load_data
from app.privacy import bp, requests, service, work
from app.privacy.schemas import SelfServiceRequestSchema
from app.ratelimits import limit_by_address
from app.tasks import run_privacy_request
from app.web import form_data

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
            service.send_privacy_email(
                asked.email,
                "privacy_confirm",
                "Confirm your data request",
                kind=data["kind"],
                hours=requests.CONFIRM_HOURS,
                link=service.privacy_link(f"/privacy/confirm/{token}"),
            )
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
