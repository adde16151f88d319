"""JSON API for admins: users (list, read, change role or active state, delete) and the
audit log. Everyone else gets 403."""

from flask_jwt_extended import get_current_user

from app.admin import bp, service
from app.admin.schemas import (
    AdminUserDetailSchema,
    AdminUserSchema,
    AuditEventSchema,
    AuditQuerySchema,
    UserQuerySchema,
    UserUpdateSchema,
)
from app.auth.decorators import role_required
from app.extensions import db
from app.openapi import API_PREFIX, operation
from app.schemas import list_schema
from app.web import request_origin

API = f"{API_PREFIX}/admin"
TAGS = ["admin"]


class UserWithData:
    """A user plus what deleting them would delete, for the detail response."""

    def __init__(self, user):
        self._user = user
        self.data = service.data_summary(user)

    def __getattr__(self, name):
        return getattr(self._user, name)


@bp.get(f"{API}/users")
@role_required("admin")
@operation(
    "List and search users",
    tags=TAGS,
    query=UserQuerySchema,
    responses={200: list_schema(AdminUserSchema)},
    description="Newest first. `q` matches part of the email, username or name.",
)
def api_list_users(query):
    items, meta = service.list_users(
        q=query.get("q"),
        role=query.get("role"),
        active=query.get("active"),
        page=query["page"],
        per_page=query["per_page"],
    )
    return {"items": items, "meta": meta}


@bp.get(f"{API}/users/<int:user_id>")
@role_required("admin")
@operation(
    "A user, with what deleting them would delete",
    tags=TAGS,
    responses={200: AdminUserDetailSchema},
)
def api_get_user(user_id):
    return UserWithData(service.get_user(user_id))


@bp.patch(f"{API}/users/<int:user_id>")
@role_required("admin")
@operation(
    "Change a user's role, or deactivate / reactivate them",
    tags=TAGS,
    body=UserUpdateSchema,
    responses={200: AdminUserSchema},
    errors=(409,),
    description="Deactivating ends every session of the user at once: each of their "
    "tokens fails at its next use, and reactivating does not bring them back. You "
    "cannot demote or deactivate yourself or the last active admin (409).",
)
def api_update_user(user_id, body):
    actor, origin = get_current_user(), request_origin()
    user = service.get_user(user_id)
    if "role" in body:
        service.change_role(actor, user, body["role"], origin=origin)
    if body.get("is_active") is False:
        service.deactivate_user(actor, user, origin=origin)
    elif body.get("is_active") is True:
        service.reactivate_user(actor, user, origin=origin)
    db.session.commit()
    return user


@bp.delete(f"{API}/users/<int:user_id>")
@role_required("admin")
@operation(
    "Delete a user and everything they own",
    tags=TAGS,
    responses={204: None},
    errors=(409,),
    description="Permanent. Deletes the account with its products, their interviews "
    "and questions, the invitations to them and the candidates' sessions, transcripts "
    "and evaluations (GET the user first: `data` counts them). Audit events stay, "
    "without the link to the user. You cannot delete yourself or the last active "
    "admin (409).",
)
def api_delete_user(user_id):
    user = service.get_user(user_id)
    service.delete_user(get_current_user(), user, origin=request_origin())
    db.session.commit()
    return None, 204


@bp.get(f"{API}/audit-events")
@role_required("admin")
@operation(
    "The audit log, filtered by actor, action and date",
    tags=TAGS,
    query=AuditQuerySchema,
    responses={200: list_schema(AuditEventSchema)},
    description="Newest first. Events hold who did what to which record, when and "
    "from where; never passwords or tokens.",
)
def api_audit_events(query):
    items, meta = service.list_audit_events(
        actor=query.get("actor"),
        action=query.get("action"),
        since=query.get("since"),
        until=query.get("until"),
        page=query["page"],
        per_page=query["per_page"],
    )
    return {"items": items, "meta": meta}
