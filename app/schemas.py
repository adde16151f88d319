"""Schemas shared by every blueprint: the error envelope and paginated lists."""

from marshmallow import Schema, fields, validate


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "VALIDATION_ERROR"})
    message = fields.String(required=True)
    details = fields.Dict(
        required=True,
        metadata={"description": "Per-field messages or other context; may be empty."},
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class PageMetaSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


class PageQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class MessageSchema(Schema):
    message = fields.String(required=True)


_list_schemas: dict[type[Schema], type[Schema]] = {}


def list_schema(item_schema: type[Schema]) -> type[Schema]:
    """The `{"items": [...], "meta": {page, per_page, total}}` schema for items."""
    if item_schema not in _list_schemas:
        name = item_schema.__name__.removesuffix("Schema") + "ListSchema"
        _list_schemas[item_schema] = type(
            name,
            (Schema,),
            {
                "items": fields.List(fields.Nested(item_schema), required=True),
                "meta": fields.Nested(PageMetaSchema, required=True),
            },
        )
    return _list_schemas[item_schema]


class Trimmed(fields.String):
    """A string field that strips surrounding whitespace when loading.

    Length limits hold for the value as sent as well as for the trimmed value, so the
    documented maxLength is exact; app.openapi documents the minimum after trimming.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        for validator in self.validators:
            if isinstance(validator, validate.Length):
                validator(result)
        return result.strip()
