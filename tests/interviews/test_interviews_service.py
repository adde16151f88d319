"""Interview rules: defaults, settings, status, duplication, deletion, ownership."""

import pytest

from app.errors import InteractionError, NotFound, ValidationError
from app.extensions import db
from app.interviews import service
from app.models import AuditEvent, Interview, Question, default_rubric, utcnow
from tests import factories

pytestmark = pytest.mark.product(description="A payments platform in Go.")


def test_create_interview_is_a_draft_with_the_defaults(recruiter, product):
    interview = service.create_interview(recruiter, product.id, role_title="SRE")
    db.session.commit()
    assert interview.status == "draft"
    assert interview.seniority == "mid"
    assert interview.follow_up_depth == 1
    assert interview.time_limit_minutes == 30
    assert interview.invite_expiry_days == 7
    assert (interview.advance_threshold, interview.consider_threshold) == (7.5, 5.0)
    assert [item["name"] for item in interview.rubric] == [
        "Reliability",
        "Ownership",
        "Communication",
    ]
    assert sum(item["weight"] for item in interview.rubric) == 100
    assert interview.rubric_version == 1


def test_create_refuses_consider_above_advance(recruiter, product):
    with pytest.raises(ValidationError) as raised:
        service.create_interview(
            recruiter,
            product.id,
            role_title="SRE",
            advance_threshold=5,
            consider_threshold=6,
        )
    assert "consider_threshold" in raised.value.details


def test_create_under_an_archived_product_is_refused(recruiter, product):
    product.archived_at = utcnow()
    db.session.commit()
    with pytest.raises(InteractionError):
        service.create_interview(recruiter, product.id, role_title="SRE")


def test_another_recruiters_product_and_interview_are_not_found(
    recruiter, other_recruiter, product
):
    interview = factories.make_interview(product)
    with pytest.raises(NotFound):
        service.create_interview(other_recruiter, product.id, role_title="X")
    with pytest.raises(NotFound):
        service.update_interview(other_recruiter, interview.id, role_title="X")
    for action in (
        service.activate_interview,
        service.close_interview,
        service.delete_interview,
        service.duplicate_interview,
    ):
        with pytest.raises(NotFound):
            action(other_recruiter, interview.id)


def test_admins_may_act_on_any_interview(admin, product):
    interview = factories.make_interview(product)
    assert service.activate_interview(admin, interview.id).status == "active"


def test_changing_the_rubric_bumps_its_version_once(recruiter, product):
    interview = factories.make_interview(product)
    rubric = default_rubric()
    rubric[0]["weight"], rubric[1]["weight"] = 40, 15
    service.update_interview(recruiter, interview.id, rubric=rubric)
    db.session.commit()
    assert interview.rubric_version == 2
    service.update_interview(
        recruiter, interview.id, rubric=rubric, role_title="Renamed"
    )
    db.session.commit()
    assert interview.rubric_version == 2
    assert interview.role_title == "Renamed"
    assert interview.rubric[0]["weight"] == 40


def test_update_checks_thresholds_against_the_stored_ones(recruiter, product):
    interview = factories.make_interview(product)  # advance 7.5
    with pytest.raises(ValidationError) as raised:
        service.update_interview(recruiter, interview.id, consider_threshold=8.0)
    assert "consider_threshold" in raised.value.details
    service.update_interview(
        recruiter, interview.id, advance_threshold=9, consider_threshold=8
    )
    assert interview.consider_threshold == 8


def test_activation_needs_an_approved_question(recruiter, product):
    interview = factories.make_interview(product, questions=0)
    factories.make_question(interview, approved=False, source="bank")
    with pytest.raises(InteractionError) as raised:
        service.activate_interview(recruiter, interview.id)
    assert raised.value.code == "INTERACTION_ERROR"
    assert "approve" in raised.value.message.lower()
    db.session.rollback()
    assert db.session.get(Interview, interview.id).status == "draft"


def test_activate_close_and_reopen_keep_everything_and_are_audited(recruiter, product):
    interview = factories.make_interview(product)
    invitation, _token = factories.make_invitation(interview)
    service.activate_interview(
        recruiter, interview.id, origin={"ip_address": "10.0.0.1"}
    )
    db.session.commit()
    assert interview.status == "active" and interview.activated_at is not None
    assert service.accepts_candidates(interview)

    service.close_interview(recruiter, interview.id)
    db.session.commit()
    assert interview.status == "closed" and interview.closed_at is not None
    assert not service.accepts_candidates(interview)
    assert len(interview.questions) == 2
    assert interview.invitations == [invitation]

    service.activate_interview(recruiter, interview.id)
    db.session.commit()
    assert interview.status == "active" and interview.closed_at is None
    events = AuditEvent.query.order_by(AuditEvent.id).all()
    assert [event.action for event in events] == [
        "interview.activated",
        "interview.closed",
        "interview.activated",
    ]
    assert events[0].ip_address == "10.0.0.1"
    assert events[0].target_type == "Interview" and events[0].target_id == interview.id
    assert events[2].details == {"from": "closed"}


def test_repeating_activate_or_close_changes_nothing(recruiter, product):
    interview = factories.make_interview(product)
    service.activate_interview(recruiter, interview.id)
    service.activate_interview(recruiter, interview.id)
    service.close_interview(recruiter, interview.id)
    service.close_interview(recruiter, interview.id)
    db.session.commit()
    assert AuditEvent.query.count() == 2


def test_a_draft_cannot_be_closed(recruiter, product):
    interview = factories.make_interview(product)
    with pytest.raises(InteractionError):
        service.close_interview(recruiter, interview.id)


def test_only_drafts_without_invitations_can_be_deleted(recruiter, product):
    draft = factories.make_interview(product)
    service.delete_interview(recruiter, draft.id)
    db.session.commit()
    assert db.session.get(Interview, draft.id) is None
    assert Question.query.count() == 0
    event = AuditEvent.query.one()
    assert event.action == "interview.deleted" and event.details["role_title"]

    for status in ("active", "closed"):
        kept = factories.make_interview(product, status=status)
        with pytest.raises(InteractionError):
            service.delete_interview(recruiter, kept.id)
    invited = factories.make_interview(product)
    factories.make_invitation(invited)
    with pytest.raises(InteractionError):
        service.delete_interview(recruiter, invited.id)


def test_duplicate_copies_settings_rubric_and_questions(recruiter, product):
    source = factories.make_interview(
        product,
        questions=0,
        status="active",
        seniority="senior",
        skills=["go", "sql"],
        persona_name="Sam",
        follow_up_depth=2,
        rubric_version=3,
    )
    factories.make_question(source, text="Approved one?", key_points=["a", "b"])
    factories.make_question(source, text="Draft one?", approved=False, source="bank")
    copy = service.duplicate_interview(recruiter, source.id)
    db.session.commit()
    assert copy.id != source.id
    assert copy.status == "draft" and copy.activated_at is None
    assert copy.role_title == "Backend Engineer (copy)"
    assert (copy.seniority, copy.skills, copy.persona_name) == (
        "senior",
        ["go", "sql"],
        "Sam",
    )
    assert copy.follow_up_depth == 2
    assert copy.rubric == source.rubric and copy.rubric_version == 1
    assert [(q.text, q.approved, q.source, q.key_points) for q in copy.questions] == [
        ("Approved one?", True, "manual", ["a", "b"]),
        ("Draft one?", False, "bank", []),
    ]
    assert len(source.questions) == 2
    assert AuditEvent.query.one().details == {"source_id": source.id}


def test_duplicate_takes_a_new_title_and_another_product(recruiter, product):
    source = factories.make_interview(product)
    other_product = factories.make_product(recruiter)
    copy = service.duplicate_interview(
        recruiter, source.id, role_title="Data Engineer", product_id=other_product.id
    )
    assert copy.role_title == "Data Engineer"
    assert copy.product_id == other_product.id


def test_duplicate_of_a_long_title_still_fits(recruiter, product):
    source = factories.make_interview(product, role_title="x" * 120)
    copy = service.duplicate_interview(recruiter, source.id)
    assert len(copy.role_title) == 120
    assert copy.role_title.endswith(" (copy)")


def test_duplicate_into_another_recruiters_product_is_not_found(
    recruiter, other_recruiter, product
):
    source = factories.make_interview(product)
    theirs = factories.make_product(other_recruiter)
    with pytest.raises(NotFound):
        service.duplicate_interview(recruiter, source.id, product_id=theirs.id)


def test_counts_cover_questions_invitations_and_sessions(recruiter, product):
    interview = factories.make_interview(product, questions=2)
    factories.make_question(interview, approved=False)
    factories.make_invitation(interview)
    counts = service.interview_counts(interview)
    assert counts == {
        "questions": 3,
        "approved_questions": 2,
        "draft_questions": 1,
        "invitations": 1,
        "sessions": 0,
        "completed_sessions": 0,
    }


def test_list_interviews_filters_by_status_newest_first(recruiter, product):
    first = factories.make_interview(product)
    second = factories.make_interview(product, status="active")
    items, meta = service.list_interviews(recruiter, product.id)
    assert [i.id for i in items] == [second.id, first.id]
    assert meta == {"page": 1, "per_page": 20, "total": 2}
    items, meta = service.list_interviews(recruiter, product.id, status="active")
    assert [i.id for i in items] == [second.id]
