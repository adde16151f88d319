"""JSON API for the AI provider's status."""

from marshmallow import Schema, fields

from app.ai import bp
from app.ai.providers import describe_provider
from app.auth.decorators import recruiter_required
from app.openapi import API_PREFIX as API
from app.openapi import operation


class AIStatusSchema(Schema):
    provider = fields.String(required=True, metadata={"example": "offline"})
    model = fields.String(required=True, metadata={"example": "viva-offline-1"})
    status = fields.String(
        required=True, metadata={"enum": ["ok", "degraded", "unavailable"]}
    )
    last_error = fields.String(required=True, allow_none=True)


@bp.get(f"{API}/ai/status")
@recruiter_required
@operation(
    "The AI provider in use and its health",
    tags=["ai"],
    responses={200: AIStatusSchema},
    description="`status` is ok, degraded (recent errors) or unavailable (the "
    "configured provider cannot be loaded; `last_error` says why).",
)
def api_ai_status():
    return describe_provider()
