"""Portal pages for products."""

from flask import render_template, request
from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.products import bp, service


@bp.get("/portal")
@role_required("recruiter", "admin")
def index():
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    per_page = 20
    products, total = service.list_products(get_current_user(), page=page, per_page=per_page)
    return render_template(
        "products/index.html",
        products=products,
        meta={"page": page, "per_page": per_page, "total": total},
    )
