"""Schemas for products and categories."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

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
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


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
