"""Which workspace an integration change applies to, and whether the actor may make it.

API keys and webhook endpoints belong to a workspace; its owners and admins manage
them. Pages name the workspace in their path; the API acts in the caller's current
workspace (the `X-Workspace-Id` header). A non-member gets 404, a member of another
role 403 (app.ownership.manageable_workspace).
"""

from app.errors import Forbidden
from app.models import User, Workspace
from app.ownership import current_membership, manageable_workspace


def managed_workspace(actor: User, workspace_id: int | None = None) -> Workspace:
    """The workspace (named, else the actor's current one) the actor manages."""
    if workspace_id is None:
        membership = current_membership(actor)
        if membership is None:
            raise Forbidden("You are not a member of any workspace.")
        workspace_id = membership.workspace_id
    return manageable_workspace(actor, workspace_id)
