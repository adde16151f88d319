"""Deleting a member keeps what they made in a shared workspace: the workspace owns
its products, interviews and results. Only what was theirs alone goes with them."""

from app.extensions import db
from app.live import conductor
from app.models import (
    Category,
    Interview,
    InterviewSession,
    Invitation,
    Membership,
    Message,
    Product,
    User,
    Workspace,
)
from app.ownership import current_workspace
from tests import factories

USERS = "/api/v1/admin/users"


def _shared_workspace_with_member(recruiter):
    """Rita's workspace, where Oscar (a recruiter member) made a product, an interview
    and a scored session; Oscar also has a workspace of his own with a product."""
    workspace = current_workspace(recruiter)
    oscar = factories.make_user(email="oscar@example.com", full_name="Oscar Member")
    own = factories.make_product(oscar, name="Oscar's own")  # his workspace of one
    db.session.add(
        Membership(workspace_id=workspace.id, user_id=oscar.id, role="recruiter")
    )
    category = Category(owner_id=oscar.id, workspace_id=workspace.id, name="Platform")
    db.session.add(category)
    db.session.commit()
    shared = factories.make_product(
        oscar, name="Payments", workspace_id=workspace.id, category_id=category.id
    )
    interview = factories.make_interview(shared, status="active")
    invitation, _token = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.add(
        Message(session_id=session.id, seq=1, role="candidate", content="An answer.")
    )
    session.overall_score = 7.5
    db.session.commit()
    return oscar, own, shared, session


def test_deleting_a_member_keeps_the_shared_workspace_s_records(api, admin, recruiter):
    oscar, own, shared, session = _shared_workspace_with_member(recruiter)
    own_id, own_workspace_id = own.id, own.workspace_id
    api.login(admin)
    summary = api.get(f"{USERS}/{oscar.id}").get_json()["data"]
    assert summary == {
        "products": 1,
        "interviews": 0,
        "invitations": 0,
        "sessions": 0,
        "kept_products": 1,
    }
    assert api.delete(f"{USERS}/{oscar.id}").status_code == 204
    db.session.expire_all()
    assert db.session.get(User, oscar.id) is None
    kept = db.session.get(Product, shared.id)
    assert kept is not None and kept.owner_id is None
    assert db.session.get(Category, kept.category_id).owner_id is None
    assert Interview.query.filter_by(product_id=shared.id).count() == 1
    assert Invitation.query.count() == 1
    result = db.session.get(InterviewSession, session.id)
    assert result.overall_score == 7.5 and Message.query.count() == 1
    # What was his alone went with him.
    assert db.session.get(Product, own_id) is None
    assert db.session.get(Workspace, own_workspace_id) is None
    # The workspace's owner still works with it.
    api.login(recruiter)
    assert api.get(f"/api/v1/products/{shared.id}").status_code == 200
    renamed = api.patch(f"/api/v1/products/{shared.id}", json={"name": "Payments 2"})
    assert renamed.status_code == 200


def test_the_database_sets_the_creator_to_null(recruiter):
    """The foreign key itself (not only the service) keeps the product."""
    oscar, _own, shared, session = _shared_workspace_with_member(recruiter)
    db.session.execute(User.__table__.delete().where(User.id == oscar.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Product, shared.id).owner_id is None
    assert db.session.get(InterviewSession, session.id) is not None
