"""JSON API for a product's logo (the accent colour is in the product's PATCH)."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.branding import service as branding
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_product
from app.products import bp
from app.products.forms import LOGO_MULTIPART, read_logo_upload
from app.products.schemas import ProductSchema
from app.web import request_origin


@bp.put(f"{API}/products/<int:product_id>/logo")
@recruiter_required
@operation(
    "Upload or replace a product's logo (multipart)",
    tags=["products"],
    multipart=LOGO_MULTIPART,
    responses={200: ProductSchema},
    errors=(413,),
    description="The image is checked by its content, not its name: PNG, JPEG or "
    "WebP only (SVG is refused: it can carry scripts), at most 1 MB and 2000×2000 "
    "pixels. It is stored without its metadata (EXIF, XMP, comments) and shown on "
    "the product's candidate pages, emails and public openings.",
)
def api_put_logo(product_id):
    user = get_current_user()
    product = get_product(user, product_id)
    branding.set_logo(user, product, read_logo_upload(), origin=request_origin())
    db.session.commit()
    return product


@bp.delete(f"{API}/products/<int:product_id>/logo")
@recruiter_required
@operation(
    "Remove a product's logo",
    tags=["products"],
    responses={204: None},
)
def api_delete_logo(product_id):
    user = get_current_user()
    branding.remove_logo(user, get_product(user, product_id), origin=request_origin())
    db.session.commit()
    return None, 204
