"""A workspace with a recruiter (Rita, the owner), a colleague, a viewer and an
expert; an outsider in a workspace of their own."""

import pytest

from app.extensions import db
from app.models import Membership
from app.notifications import settings
from app.ownership import current_workspace
from tests import factories
from tests.support.hiring import make_opening


@pytest.fixture
def workspace(recruiter):
    workspace = current_workspace(recruiter)
    db.session.commit()
    return workspace


@pytest.fixture
def team(recruiter, other_recruiter, workspace):
    """Rita's workspace: who is in it, by role; Oscar stays outside."""
    members = {"owner": recruiter}
    for role, name in (("recruiter", "cleo"), ("viewer", "vera"), ("expert", "ed")):
        user = factories.make_user(
            email=f"{name}@example.com",
            full_name=f"{name.capitalize()} {role.capitalize()}",
        )
        db.session.add(
            Membership(workspace_id=workspace.id, user_id=user.id, role=role)
        )
        members[role] = user
    db.session.commit()
    current_workspace(other_recruiter)  # Oscar's own workspace of one
    db.session.commit()
    return members


@pytest.fixture
def product(recruiter, workspace):
    return factories.make_product(recruiter, name="Acme Payments")


@pytest.fixture
def opening(recruiter, product):
    return make_opening(recruiter, product, title="Backend Engineer")


def choose(user, **choices) -> None:
    """Set a user's notification choices as the profile would."""
    settings.update_settings(user, **choices)
    db.session.commit()


def to(mailbox, user) -> list:
    """The emails a user received."""
    return [mail for mail in mailbox.messages() if mail.to == user.email]
