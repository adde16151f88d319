"""A product's branding: its logo and accent colour on the pages candidates and
applicants see (invitation, consent, ready, room, ending, public openings) and in
their emails.

Templates call `product_brand(product)` (a Jinja global set in create_app); emails get
`product_brand(product, absolute=True)` for a logo URL that works outside the site.
This sits below the feature packages so the invitation, live, rights and hiring pages
can all use it without depending on app.products.
"""

from dataclasses import dataclass

from flask import current_app

from app.branding.colors import AccentColors, accent_colors

# The public logo route (app/products/brand_views.py): the digest in the path makes
# each version its own URL, cached for a year, and a stale or guessed one a 404.
LOGO_ROUTE = "/brand/products/<int:product_id>/logo/<digest>"


@dataclass(frozen=True)
class Brand:
    name: str
    logo_url: str | None
    colors: AccentColors | None


def logo_path(product_id: int, digest: str) -> str:
    """The logo route's path for one version of a product's logo."""
    return LOGO_ROUTE.replace("<int:product_id>", str(product_id)).replace(
        "<digest>", digest[:32]
    )


def product_brand(product, *, absolute: bool = False) -> Brand | None:
    """The product's brand, or None when it has neither a logo nor a colour."""
    if product is None or not (product.logo_digest or product.accent_color):
        return None
    logo_url = None
    if product.logo_digest:
        logo_url = logo_path(product.id, product.logo_digest)
        if absolute:
            logo_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + logo_url
    colors = accent_colors(product.accent_color) if product.accent_color else None
    return Brand(name=product.name, logo_url=logo_url, colors=colors)
