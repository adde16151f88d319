"""Portal pages for products: list, create, edit, detail, archive."""

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.errors import AppError
from app.extensions import db
from app.openapi import load_data
from app.ownership import get_product
from app.products import bp, service
from app.products.schemas import ProductInSchema, ProductQuerySchema
from app.web import form_data


def _clean_form() -> dict:
    """Form fields as the schema expects them: blanks are 'not given'."""
    values = form_data()
    data = {k: v for k, v in values.items() if k != "archived" and v.strip() != ""}
    return values, data


@bp.get("/portal/products")
@recruiter_required
def index():
    user = get_current_user()
    args = {k: v for k, v in request.args.items() if v.strip()}
    try:
        query = load_data(ProductQuerySchema, args)
    except AppError:
        query = load_data(ProductQuerySchema, {})
    products, meta = service.list_products(user, **query)
    return render_template(
        "products/index.html",
        products=products,
        meta=meta,
        stats=service.product_stats([p.id for p in products]),
        categories=service.list_categories(user),
        filters=query,
    )


@bp.route("/portal/products/new", methods=["GET", "POST"])
@recruiter_required
def new_product():
    user = get_current_user()
    values, errors = {}, {}
    if request.method == "POST":
        values, data = _clean_form()
        try:
            product = service.create_product(user, **load_data(ProductInSchema, data))
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
        else:
            flash(f"Product “{product.name}” created.", "success")
            return redirect(url_for("products.detail", product_id=product.id))
    return _render_form(user, None, values, errors)


@bp.route("/portal/products/<int:product_id>/edit", methods=["GET", "POST"])
@recruiter_required
def edit_product(product_id):
    user = get_current_user()
    product = get_product(user, product_id)
    values = {
        "name": product.name,
        "description": product.description,
        "category_id": product.category_id or "",
    }
    errors = {}
    if request.method == "POST":
        values, data = _clean_form()
        if "category_name" not in data:
            data.setdefault("category_id", None)
        try:
            service.update_product(user, product, **load_data(ProductInSchema, data))
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            errors = error.details or {"_form": [error.message]}
        else:
            flash("Product saved.", "success")
            return redirect(url_for("products.detail", product_id=product.id))
    return _render_form(user, product, values, errors)


def _render_form(user, product, values, errors):
    categories = [(c.id, c.name) for c, _count in service.list_categories(user)]
    status = 422 if errors else 200
    return render_template(
        "products/form.html",
        product=product,
        values=values,
        errors=errors,
        categories=categories,
    ), status


@bp.get("/portal/products/<int:product_id>")
@recruiter_required
def detail(product_id):
    product = get_product(get_current_user(), product_id)
    return render_template(
        "products/detail.html",
        product=product,
        interviews=service.interview_summaries(product),
    )


@bp.post("/portal/products/<int:product_id>/archive")
@recruiter_required
def archive(product_id):
    product = get_product(get_current_user(), product_id)
    archived = request.form.get("archived", "1") == "1"
    service.set_archived(product, archived)
    db.session.commit()
    flash(f"“{product.name}” {'archived' if archived else 'restored'}.", "success")
    return redirect(url_for("products.detail", product_id=product.id))
