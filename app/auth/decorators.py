"""Caller-aware access decorators: JSON 401/403 for the API, login for pages."""

from functools import wraps

from flask import request
from flask_jwt_extended import (
    get_current_user,
    get_jwt,
    get_jwt_request_location,
    verify_jwt_in_request,
)

from app.errors import Forbidden

# Where role_required leaves the token it checked: (location, claims, user), so the
# page's template context does not decode and check the same token again.
VERIFIED_TOKEN = "viva.verified_token"


def role_required(*roles: str, refresh: bool = False):
    """Require a signed-in user, and one of `roles` when any are given."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            user = get_current_user()
            request.environ[VERIFIED_TOKEN] = (
                get_jwt_request_location(),
                get_jwt(),
                user,
            )
            if roles and user.role not in roles:
                raise Forbidden("Your role does not allow this.")
            return view(*args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


login_required = role_required()
# Recruiters manage their own products and interviews; admins may act on any of them.
recruiter_required = role_required("recruiter", "admin")
