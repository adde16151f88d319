"""Setting and removing a product's logo and accent colour (services flush)."""

import hashlib

from app.audit import record_event
from app.branding import logo_path
from app.branding.colors import ColorError, accent_colors, describe, normalize
from app.branding.images import ImageError, check_logo
from app.errors import ValidationError
from app.extensions import db
from app.models import Product, ProductLogo, User


def set_accent_color(actor: User, product: Product, value: str | None) -> str | None:
    """Set (or with None/"" clear) the accent colour; what was made of it, to say."""
    if value is None or value == "":
        product.accent_color = None
        db.session.flush()
        return None
    try:
        product.accent_color = normalize(value)
    except ColorError as error:
        raise ValidationError(details={"accent_color": [str(error)]}) from error
    db.session.flush()
    return describe(accent_colors(product.accent_color))


def set_logo(actor: User, product: Product, data: bytes, *, origin=None) -> ProductLogo:
    """Check an uploaded image by its content, strip it, and make it the logo."""
    try:
        image = check_logo(data)
    except ImageError as error:
        raise ValidationError(details={"logo": [str(error)]}) from error
    logo = db.session.get(ProductLogo, product.id) or ProductLogo(product_id=product.id)
    logo.data = image.data
    logo.media_type = image.media_type
    logo.width, logo.height = image.width, image.height
    logo.digest = hashlib.sha256(image.data).hexdigest()
    db.session.add(logo)
    product.logo_digest = logo.digest
    record_event(
        "product.logo_set",
        actor=actor,
        target=product,
        details=_facts(logo),
        **(origin or {}),
    )
    db.session.flush()
    return logo


def remove_logo(actor: User, product: Product, *, origin=None) -> bool:
    """Remove the logo; False when there was none."""
    logo = db.session.get(ProductLogo, product.id)
    product.logo_digest = None
    if logo is None:
        db.session.flush()
        return False
    db.session.delete(logo)
    record_event("product.logo_removed", actor=actor, target=product, **(origin or {}))
    db.session.flush()
    return True


def current_logo(product_id: int, digest: str) -> ProductLogo | None:
    """The logo whose digest starts with `digest` (the URL's version), or None."""
    logo = db.session.get(ProductLogo, product_id)
    if logo is None or len(digest) < 16 or not logo.digest.startswith(digest):
        return None
    return logo


def logo_facts(product: Product) -> dict | None:
    """The logo as the API shows it: URL, type, size; None without one."""
    logo = db.session.get(ProductLogo, product.id) if product.logo_digest else None
    return _facts(logo) if logo is not None else None


def _facts(logo: ProductLogo) -> dict:
    return {
        "url": logo_path(logo.product_id, logo.digest),
        "media_type": logo.media_type,
        "width": logo.width,
        "height": logo.height,
        "bytes": len(logo.data),
    }
