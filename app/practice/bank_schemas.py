"""Schemas of the question bank's API."""

from marshmallow import Schema, fields

from app.models import COMPANY_STYLES, PRACTICE_DIFFICULTIES, TRACKS


class CellCountSchema(Schema):
    track = fields.String(required=True, metadata={"enum": list(TRACKS)})
    company = fields.String(required=True, metadata={"enum": list(COMPANY_STYLES)})
    difficulty = fields.String(
        required=True, metadata={"enum": list(PRACTICE_DIFFICULTIES)}
    )
    count = fields.Integer(required=True)


def _counts(description: str):
    return fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": description},
    )


class CoverageSchema(Schema):
    total = fields.Integer(required=True)
    tracks = _counts("Questions per track.")
    companies = _counts("Questions per company style.")
    difficulties = _counts("Questions per difficulty.")
    tags = _counts("Questions per tag (a question counts once for each tag).")
    cells = fields.List(fields.Nested(CellCountSchema), required=True)
