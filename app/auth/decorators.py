"""Caller-aware access decorators: JSON 401/403 for the API, login for pages."""

from functools import wraps

from flask import request
from flask_jwt_extended import get_current_user, verify_jwt_in_request

from app.errors import Forbidden, NotFound


def role_required(*roles: str, refresh: bool = False):
    """Require a signed-in user, and one of `roles` when any are given.

    A practising candidate asking for a record of a role-restricted route (one with
    an id in its path) gets 404, as for any record that is not theirs: whether it
    exists is not revealed.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            user = get_current_user()
            if roles and user.role not in roles:
                if user.role == "candidate" and request.view_args:
                    raise NotFound("Not found.")
                raise Forbidden("Your role does not allow this.")
            return view(*args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


login_required = role_required()
