"""Caller-aware access decorators: JSON 401/403 for the API, login for pages."""

from functools import wraps

from flask import request
from flask_jwt_extended import (
    get_current_user,
    get_jwt,
    get_jwt_request_location,
    verify_jwt_in_request,
)

from app.errors import Forbidden, NotFound
from app.extensions import db
from app.integrations.bearer import KEY_WORKSPACE, authenticate_api_key
from app.ownership import (
    WORKSPACE_COOKIE,
    WORKSPACE_HEADER,
    choose_workspace,
    current_membership,
    ensure_workspace_of_one,
    require_writer,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# Where role_required leaves the token it checked: (location, claims, user), so the
# page's template context does not decode and check the same token again.
VERIFIED_TOKEN = "viva.verified_token"


def role_required(*roles: str, refresh: bool = False, workspace_writes: bool = True):
    """Require a signed-in user, and one of `roles` when any are given.

    The caller acts in the workspace named by the `X-Workspace-Id` header (API) or
    the switcher's cookie (pages), else their first. On a recruiter route, a change
    (any method but GET/HEAD/OPTIONS) by a member whose role there only reads
    (viewer, expert) is refused with 403, unless `workspace_writes` is False (routes
    whose own rules decide, such as managing members).

    A practising candidate asking for a record of a role-restricted route (one with
    an id in its path) gets 404, as for any record that is not theirs: whether it
    exists is not revealed.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            # An API key (Bearer vk_...) stands in for a token, narrowed to scopes.
            if not authenticate_api_key(
                admin_route=roles == ("admin",), refresh=refresh
            ):
                verify_jwt_in_request(refresh=refresh)
            user = get_current_user()
            request.environ[VERIFIED_TOKEN] = (
                get_jwt_request_location(),
                get_jwt(),
                user,
            )
            if roles and user.role not in roles:
                if user.role == "candidate" and request.view_args:
                    raise NotFound("Not found.")
                raise Forbidden("Your role does not allow this.")
            _choose_workspace(user)
            if (
                workspace_writes
                and "recruiter" in roles
                and request.method not in SAFE_METHODS
            ):
                require_writer(user)
            return view(*args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


def _choose_workspace(user) -> None:
    """Act in the requested workspace; a header naming one the caller is not a
    member of answers 404 (a stale cookie simply falls back to the first). An API
    key acts only in its own workspace: a header naming another answers 404."""
    header = request.headers.get(WORKSPACE_HEADER)
    key_workspace = request.environ.get(KEY_WORKSPACE)
    if key_workspace is not None:
        if header and header.strip() != str(key_workspace):
            raise NotFound("Workspace not found.")
        header = str(key_workspace)
    choose_workspace(user, header or request.cookies.get(WORKSPACE_COOKIE))
    if user.role != "candidate" and ensure_workspace_of_one(user):
        db.session.commit()  # the account's first request: its workspace of one
    if header and user.role != "candidate":
        membership = current_membership(user)
        if membership is None or str(membership.workspace_id) != header.strip():
            raise NotFound("Workspace not found.")


login_required = role_required()
# Recruiters manage their workspace's products and interviews; admins may act on any.
recruiter_required = role_required("recruiter", "admin")
# Recruiter-portal routes whose own rules decide who may change what (members, experts).
member_required = role_required("recruiter", "admin", workspace_writes=False)
