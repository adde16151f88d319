"""A shared workspace: Rita owns it, Oscar joins it through an emailed invite."""

import pytest

from app.extensions import db
from app.models import Membership
from app.ownership import current_workspace
from tests import factories


@pytest.fixture
def workspace(recruiter):
    """Rita's workspace of one (made the way the app makes it)."""
    workspace = current_workspace(recruiter)
    db.session.commit()
    return workspace


@pytest.fixture
def member_of(workspace):
    """Add a user to Rita's workspace with a role; returns the user."""

    def add(user, role: str):
        db.session.add(
            Membership(workspace_id=workspace.id, user_id=user.id, role=role)
        )
        db.session.commit()
        return user

    return add


@pytest.fixture
def viewer(member_of):
    return member_of(
        factories.make_user(email="vera@example.com", full_name="Vera Viewer"),
        "viewer",
    )
