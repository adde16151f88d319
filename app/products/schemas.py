"""Schemas for products and categories."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.branding.service import logo_facts
from app.errors import MAX_RECORD_ID
from app.schemas import PageQuerySchema, Trimmed

NAME = validate.Length(min=1, max=120, error="Use 1-120 characters.")
CATEGORY_NAME = validate.Length(min=1, max=80, error="Use 1-80 characters.")
DESCRIPTION = validate.Length(max=5000, error="Use at most 5,000 characters.")


class CategorySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    product_count = fields.Integer(required=True)


class CategoryInSchema(Schema):
    name = Trimmed(required=True, validate=CATEGORY_NAME)


class ProductSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.Nested(
        lambda: CategoryRefSchema(), allow_none=True, required=True
    )
    archived = fields.Function(lambda p: p.archived_at is not None, required=True)
    archived_at = fields.DateTime(allow_none=True, required=True)
    owner_id = fields.Integer(required=True)
    accent_color = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "Accent colour on its candidate pages (#rrggbb)."},
    )
    logo = fields.Method(
        "_logo",
        allow_none=True,
        required=True,
        metadata={
            "type": "object",
            "nullable": True,
            "description": "The logo: its URL, media type, pixels and bytes.",
        },
    )
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)

    def _logo(self, product):
        return logo_facts(product)


class BrandedProductSchema(ProductSchema):
    brand_note = fields.String(
        allow_none=True,
        metadata={
            "description": "What the accent colour became: button text and, for a "
            "light colour, the darker shade used for text on white."
        },
    )


class CategoryRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class ProductInSchema(Schema):
    name = Trimmed(required=True, validate=NAME)
    description = Trimmed(
        load_default="",
        validate=DESCRIPTION,
        metadata={
            "description": (
                "Context for the AI interviewer: domain, stack, team, culture."
            )
        },
    )
    category_id = fields.Integer(
        allow_none=True, validate=validate.Range(min=1, max=MAX_RECORD_ID)
    )
    category_name = Trimmed(
        validate=CATEGORY_NAME,
        metadata={"description": "Create (or reuse) a category with this name."},
    )

    @validates_schema
    def one_category(self, data, **kwargs):
        if "category_id" in data and "category_name" in data:
            raise ValidationError(
                "Choose an existing category or name a new one, not both.",
                "category_name",
            )


class ProductUpdateSchema(ProductInSchema):
    name = Trimmed(validate=NAME)
    description = Trimmed(validate=DESCRIPTION)
    accent_color = fields.String(
        allow_none=True,
        validate=validate.Regexp(
            r"^#[0-9a-fA-F]{6}$|^$", error="Use #rrggbb, for example #0f766e."
        ),
        metadata={
            "description": "Accent colour (#rrggbb) for its candidate pages, emails "
            "and public openings; null or empty clears it. A colour too close to "
            "white is refused; a light one is darkened for text (see brand_note)."
        },
    )
    archived = fields.Boolean(
        truthy={True},
        falsy={False},
        metadata={"description": "Archive (true) or restore (false)."},
    )


class ProductQuerySchema(PageQuerySchema):
    q = Trimmed(
        validate=validate.Length(max=120), metadata={"description": "Name contains"}
    )
    category_id = fields.Integer(validate=validate.Range(min=1, max=MAX_RECORD_ID))
    archived = fields.Boolean(load_default=False)


# One category at most: an existing one by id, or a new one by name.
ONE_CATEGORY = {"not": {"required": ["category_id", "category_name"]}}
PRODUCT_IN_DOC = {"allOf": [ProductInSchema], **ONE_CATEGORY}
PRODUCT_UPDATE_DOC = {"allOf": [ProductUpdateSchema], **ONE_CATEGORY}
