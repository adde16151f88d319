"""A product's branding on the portal's edit page, and the public logo route."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.branding import LOGO_ROUTE
from app.branding import service as branding
from app.errors import AppError
from app.extensions import db
from app.ownership import get_product
from app.products import bp
from app.products.forms import read_logo_upload
from app.web import request_origin

YEAR = 365 * 24 * 3600


@bp.get(LOGO_ROUTE)
def brand_logo(product_id, digest):
    """The logo itself: public (candidates and applicants see it), one URL per
    version, so it is cached for a year; never sniffed as anything but an image."""
    stored = branding.current_logo(product_id, digest)
    if stored is None:
        abort(404)
    return Response(
        stored.data,
        mimetype=stored.media_type,
        headers={
            "Cache-Control": f"public, max-age={YEAR}, immutable",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "inline",
        },
    )


@bp.post("/portal/products/<int:product_id>/brand")
@recruiter_required
def save_brand(product_id):
    """Save the accent colour and, when one is chosen, a new logo (edit page)."""
    user = get_current_user()
    product = get_product(user, product_id)
    try:
        note = branding.set_accent_color(
            user, product, request.form.get("accent_color", "").strip()
        )
        upload = request.files.get("logo")
        if upload is not None and upload.filename:
            branding.set_logo(
                user, product, read_logo_upload(), origin=request_origin()
            )
        db.session.commit()
    except AppError as error:
        db.session.rollback()
        problems = error.details or {"_form": [error.message]}
        for messages in problems.values():
            for message in messages:
                flash(message, "error")
        return redirect(url_for("products.edit_product", product_id=product_id))
    flash("Branding saved. " + (note or ""), "success")
    return redirect(url_for("products.edit_product", product_id=product_id))


@bp.post("/portal/products/<int:product_id>/brand/logo/remove")
@recruiter_required
def remove_brand_logo(product_id):
    """Remove the logo (edit page)."""
    user = get_current_user()
    branding.remove_logo(user, get_product(user, product_id), origin=request_origin())
    db.session.commit()
    flash("Logo removed.", "success")
    return redirect(url_for("products.edit_product", product_id=product_id))
