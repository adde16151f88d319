"""Model constraints, defaults and relationships, enforced by the database itself."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import (
    AuditEvent,
    Evaluation,
    Interview,
    InterviewSession,
    Invitation,
    Message,
    Product,
    Question,
    User,
    default_rubric,
)
from tests import factories

pytestmark = pytest.mark.interview(status="draft")


def _expect_integrity_error(*objects):
    db.session.add_all(objects)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def _invitation(interview, email="cand@example.com", token_hash=None):
    return Invitation(
        interview_id=interview.id,
        email=email,
        name="Cand",
        token_hash=token_hash or (email.encode().hex() * 4)[:64],
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
    )


def test_user_defaults_are_computed_per_row(recruiter):
    later = factories.make_user()
    assert recruiter.role == "recruiter"
    assert recruiter.is_active is True
    assert recruiter.token_version == 1
    assert recruiter.created_at.tzinfo is not None
    assert later.created_at >= recruiter.created_at


def test_user_email_and_username_are_unique(recruiter):
    _expect_integrity_error(
        User(email=recruiter.email, username="fresh", full_name="Fresh Person")
    )
    _expect_integrity_error(
        User(email="fresh@example.com", username=recruiter.username, full_name="Fresh")
    )


@pytest.mark.parametrize("role", ["owner", "", "ADMIN"])
def test_user_role_is_checked(role):
    _expect_integrity_error(
        User(email="r@example.com", username="rrr", full_name="R R", role=role)
    )


def test_timestamps_round_trip_as_aware_utc(recruiter):
    moment = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    recruiter.email_verified_at = moment
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, recruiter.id).email_verified_at == moment


def test_updated_at_changes_on_update(recruiter):
    before = recruiter.updated_at
    recruiter.full_name = "Renamed Person"
    db.session.commit()
    assert recruiter.updated_at > before


def test_product_names_are_unique_per_owner(recruiter, other_recruiter):
    factories.make_product(recruiter, name="Payments")
    factories.make_product(other_recruiter, name="Payments")  # another owner: fine
    _expect_integrity_error(Product(owner_id=recruiter.id, name="Payments"))


def test_deleting_a_category_keeps_its_products(recruiter):
    category = factories.make_category(recruiter)
    product = factories.make_product(recruiter, category_id=category.id)
    db.session.delete(category)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Product, product.id).category_id is None


def test_interview_defaults_include_the_default_rubric(interview):
    weights = {item["key"]: item["weight"] for item in interview.rubric}
    assert weights == {
        "relevance": 30,
        "completeness": 25,
        "accuracy": 30,
        "clarity": 15,
    }
    assert (interview.status, interview.seniority, interview.follow_up_depth) == (
        "draft",
        "mid",
        1,
    )
    assert (interview.advance_threshold, interview.consider_threshold) == (7.5, 5.0)
    assert interview.invite_expiry_days == 7


def test_default_rubric_is_a_fresh_copy_each_time():
    first = default_rubric()
    first[0]["anchors"]["1"] = "changed"
    assert default_rubric()[0]["anchors"]["1"] != "changed"


@pytest.mark.parametrize(
    "field, value",
    [
        ("status", "archived"),
        ("seniority", "guru"),
        ("follow_up_depth", 4),
        ("time_limit_minutes", 1),
        ("invite_expiry_days", 0),
        ("advance_threshold", 11.0),
    ],
)
def test_interview_check_constraints(recruiter, field, value):
    product = factories.make_product(recruiter)
    _expect_integrity_error(
        Interview(product_id=product.id, role_title="Role", **{field: value})
    )


def test_thresholds_must_be_ordered(recruiter):
    product = factories.make_product(recruiter)
    _expect_integrity_error(
        Interview(
            product_id=product.id,
            role_title="Role",
            advance_threshold=4.0,
            consider_threshold=6.0,
        )
    )


def test_questions_are_ordered_by_position(recruiter):
    interview = factories.make_interview(factories.make_product(recruiter), questions=0)
    for position, text in [(2, "third"), (0, "first"), (1, "second")]:
        db.session.add(
            Question(interview_id=interview.id, position=position, text=text)
        )
    db.session.commit()
    db.session.expire_all()
    assert [q.text for q in db.session.get(Interview, interview.id).questions] == [
        "first",
        "second",
        "third",
    ]


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", "trivia"),
        ("difficulty", "extreme"),
        ("source", "web"),
        ("follow_up_budget", 9),
    ],
)
def test_question_check_constraints(interview, field, value):
    _expect_integrity_error(
        Question(interview_id=interview.id, text="Why?", **{field: value})
    )


def test_one_invitation_per_email_per_interview(interview):
    db.session.add(_invitation(interview, token_hash="a" * 64))
    db.session.commit()
    _expect_integrity_error(_invitation(interview, token_hash="b" * 64))


def test_invitation_token_hash_is_unique(interview):
    db.session.add(_invitation(interview, "one@example.com", token_hash="c" * 64))
    db.session.commit()
    _expect_integrity_error(
        _invitation(interview, "two@example.com", token_hash="c" * 64)
    )


def test_invitation_status_is_checked(interview):
    invitation = _invitation(interview)
    invitation.status = "lost"
    _expect_integrity_error(invitation)


def _session_for(interview):
    invitation = _invitation(interview)
    db.session.add(invitation)
    db.session.flush()
    session = InterviewSession(invitation_id=invitation.id, interview_id=interview.id)
    db.session.add(session)
    db.session.commit()
    return session


def test_session_defaults(interview):
    session = _session_for(interview)
    assert (session.status, session.phase, session.stage, session.scoring_status) == (
        "in_progress",
        "greeting",
        "new",
        "pending",
    )
    assert session.started_at is not None


@pytest.mark.parametrize(
    "field, value",
    [("overall_score", 101.0), ("recommendation", "hire"), ("stage", "maybe")],
)
def test_session_check_constraints(interview, field, value):
    session = _session_for(interview)
    setattr(session, field, value)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_message_seq_and_client_id_are_unique_per_session(interview):
    session = _session_for(interview)
    db.session.add(
        Message(
            session_id=session.id, seq=1, role="candidate", content="hi", client_id="c1"
        )
    )
    db.session.commit()
    _expect_integrity_error(
        Message(session_id=session.id, seq=1, role="interviewer", content="again")
    )
    _expect_integrity_error(
        Message(
            session_id=session.id, seq=2, role="candidate", content="x", client_id="c1"
        )
    )


def test_messages_come_back_in_seq_order(interview):
    session = _session_for(interview)
    for seq in (3, 1, 2):
        db.session.add(
            Message(
                session_id=session.id, seq=seq, role="interviewer", content=str(seq)
            )
        )
    db.session.commit()
    db.session.expire_all()
    fetched = db.session.get(InterviewSession, session.id)
    assert [m.seq for m in fetched.messages] == [1, 2, 3]


def test_evaluation_overall_is_between_0_and_10(interview):
    session = _session_for(interview)
    question = interview.questions[0]
    _expect_integrity_error(
        Evaluation(
            session_id=session.id, question_id=question.id, overall=10.5, provider="x"
        )
    )


def test_deleting_a_user_keeps_the_workspace_s_records(recruiter, interview):
    """Products, interviews and results belong to the workspace: the creator's
    columns are emptied, nothing is deleted with them (the admin's delete removes a
    workspace of one itself, see tests/admin)."""
    session = _session_for(interview)
    db.session.add(AuditEvent(actor_id=recruiter.id, action="test.action"))
    db.session.commit()
    interview_id, session_id = interview.id, session.id
    messages = db.session.query(Message).count()
    db.session.delete(recruiter)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Interview, interview_id)
    assert kept is not None and kept.product.owner_id is None
    assert db.session.get(InterviewSession, session_id) is not None
    assert db.session.query(Message).count() == messages
    # Audit history survives its actor.
    event = db.session.query(AuditEvent).one()
    assert event.actor_id is None
