"""JSON API for products and categories."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required
from app.branding import service as branding
from app.extensions import db
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_product
from app.products import bp, service
from app.products.schemas import (
    PRODUCT_IN_DOC,
    PRODUCT_UPDATE_DOC,
    BrandedProductSchema,
    CategoryInSchema,
    CategorySchema,
    ProductInSchema,
    ProductQuerySchema,
    ProductSchema,
    ProductUpdateSchema,
)
from app.schemas import PageQuerySchema, list_schema
from app.web import request_origin


class _WithNote:
    """A product with what was made of its new accent colour, for the response."""

    def __init__(self, product, brand_note: str | None):
        self._product, self.brand_note = product, brand_note

    def __getattr__(self, name):
        return getattr(self._product, name)


def _category_item(category, count: int) -> dict:
    return {"id": category.id, "name": category.name, "product_count": count}


@bp.get(f"{API}/categories")
@recruiter_required
@operation(
    "Your categories with their product counts",
    tags=["products"],
    query=PageQuerySchema,
    responses={200: list_schema(CategorySchema)},
)
def api_list_categories(query):
    rows = service.list_categories(get_current_user())
    start = (query["page"] - 1) * query["per_page"]
    items = [_category_item(c, n) for c, n in rows[start : start + query["per_page"]]]
    meta = {"page": query["page"], "per_page": query["per_page"], "total": len(rows)}
    return {"items": items, "meta": meta}


@bp.post(f"{API}/categories")
@recruiter_required
@operation(
    "Create a category",
    tags=["products"],
    body=CategoryInSchema,
    responses={201: CategorySchema},
    errors=(409,),
)
def api_create_category(body):
    category = service.create_category(get_current_user(), **body)
    db.session.commit()
    return _category_item(category, 0), 201


@bp.patch(f"{API}/categories/<int:category_id>")
@recruiter_required
@operation(
    "Rename a category",
    tags=["products"],
    body=CategoryInSchema,
    responses={200: CategorySchema},
    errors=(409,),
)
def api_rename_category(category_id, body):
    category = service.rename_category(get_current_user(), category_id, **body)
    db.session.commit()
    count = sum(1 for p in category.products if p.archived_at is None)
    return _category_item(category, count)


@bp.delete(f"{API}/categories/<int:category_id>")
@recruiter_required
@operation(
    "Delete a category (its products stay, uncategorised)",
    tags=["products"],
    responses={204: None},
)
def api_delete_category(category_id):
    service.delete_category(get_current_user(), category_id, origin=request_origin())
    db.session.commit()
    return None, 204


@bp.get(f"{API}/products")
@recruiter_required
@operation(
    "Your products, searchable by name and filterable by category",
    tags=["products"],
    query=ProductQuerySchema,
    responses={200: list_schema(ProductSchema)},
)
def api_list_products(query):
    items, meta = service.list_products(get_current_user(), **query)
    return {"items": items, "meta": meta}


@bp.post(f"{API}/products")
@recruiter_required
@operation(
    "Create a product",
    tags=["products"],
    body=ProductInSchema,
    body_doc=PRODUCT_IN_DOC,
    responses={201: ProductSchema},
    errors=(404, 409),
    description="Give `category_id` for an existing category or `category_name` to "
    "create one inline.",
)
def api_create_product(body):
    product = service.create_product(get_current_user(), **body)
    db.session.commit()
    return product, 201


@bp.get(f"{API}/products/<int:product_id>")
@recruiter_required
@operation("A product", tags=["products"], responses={200: ProductSchema})
def api_get_product(product_id):
    return get_product(get_current_user(), product_id)


@bp.patch(f"{API}/products/<int:product_id>")
@recruiter_required
@operation(
    "Edit, archive or restore a product",
    tags=["products"],
    body=ProductUpdateSchema,
    body_doc=PRODUCT_UPDATE_DOC,
    responses={200: BrandedProductSchema},
    errors=(409,),
)
def api_update_product(product_id, body):
    user = get_current_user()
    product = get_product(user, product_id)
    note = None
    if "accent_color" in body:
        note = branding.set_accent_color(user, product, body.pop("accent_color"))
    product = service.update_product(user, product, **body)
    db.session.commit()
    return _WithNote(product, note)
