"""Administration: users (search, roles, deactivation, deletion) and the audit log;
pages under /portal/admin and JSON API under /api/v1/admin, for admins only."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
