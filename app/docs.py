"""Swagger UI at /docs and the OpenAPI document at /apispec.json.

flasgger serves the UI; the document itself is built from the API's own schemas by
app.openapi, so the docs and the behaviour cannot drift. In production /docs is for
admins.
"""

from flask import Flask, current_app, jsonify, redirect, request, url_for
from flask_jwt_extended import get_current_user, verify_jwt_in_request

from app.auth.portal import portal_identity
from app.errors import AuthError, Forbidden, error_response, wants_json
from app.extensions import swagger
from app.integrations.bearer import authenticate_api_key
from app.integrations.docs import document_integrations
from app.openapi import build_spec

DOCS_PREFIXES = ("/docs", "/apispec.json")


def _docs_viewer():
    """Who is looking at the docs (an API key, a bearer JWT or the portal cookie), or
    None. Reading the docs is a read: an admin's key of any scope will do."""
    if request.headers.get("Authorization"):
        if not authenticate_api_key(admin_route=False):
            verify_jwt_in_request()
        return get_current_user()
    user, _csrf = portal_identity()
    return user


def guard_docs():
    """Keep /docs and /apispec.json for admins when DOCS_ACCESS is 'admin'."""
    if current_app.config["DOCS_ACCESS"] != "admin":
        return None
    if not request.path.startswith(DOCS_PREFIXES):
        return None
    user = _docs_viewer()
    if user is None:
        if wants_json():
            return error_response(
                AuthError("Sign in as an admin to read the API docs.")
            )
        return redirect(url_for("auth.login_page", next=request.path))
    if not user.is_admin:
        return error_response(Forbidden("The API docs are for admins."))
    return None


def apispec_json():
    """The OpenAPI document, built once per app from the registered operations."""
    spec = current_app.extensions.get("viva_openapi")
    if spec is None:
        spec = build_spec(current_app, additions=(document_integrations,))
        current_app.extensions["viva_openapi"] = spec
    return jsonify(spec)


def register_docs(app: Flask) -> None:
    """Mount Swagger UI (flasgger) and serve our own OpenAPI document to it."""
    swagger.config = {
        **swagger.DEFAULT_CONFIG,
        "headers": [],
        "specs": [
            {
                "endpoint": "apispec",
                "route": "/apispec.json",
                "rule_filter": lambda rule: False,
                "model_filter": lambda tag: False,
            }
        ],
        "static_url_path": "/docs/static",
        "specs_route": "/docs/",
        "title": "Viva API",
        "uiversion": 3,
        "openapi": "3.0.3",
        "hide_top_bar": True,
        # flasgger renders this into its page script; unset it would be Python's None.
        "auth": {},
        "ui_params": {"persistAuthorization": True, "displayOperationId": False},
    }
    swagger.template = {
        "info": {"title": "Viva API", "version": app.config["APP_VERSION"]}
    }
    swagger.init_app(app)
    app.view_functions["flasgger.apispec"] = apispec_json
    app.before_request(guard_docs)
