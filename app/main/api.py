"""Service endpoints: health and version."""

from flask import current_app
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.main import bp
from app.openapi import API_PREFIX as API
from app.openapi import operation


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok", "unavailable"]})
    database = fields.String(required=True, metadata={"enum": ["ok", "error"]})


class InfoSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    api_version = fields.String(required=True)


@bp.get(f"{API}/health")
@operation(
    "Health check",
    tags=["service"],
    responses={200: HealthSchema, 503: HealthSchema},
    description="Checks the database; answers 503 when it cannot be reached.",
)
def api_health():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "error"}, 503
    return {"status": "ok", "database": "ok"}


@bp.get(f"{API}/info")
@operation("Name and version", tags=["service"], responses={200: InfoSchema})
def api_info():
    return {
        "name": current_app.config["APP_NAME"],
        "version": current_app.config["APP_VERSION"],
        "api_version": "v1",
    }
