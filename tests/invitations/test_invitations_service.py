"""Invitation rules: tokens, batches, resend, revoke, extend, expiry and listing."""

import base64
import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from app.errors import Conflict, ValidationError
from app.extensions import db
from app.invitations import actions, links, service
from app.invitations.bulk import CandidateRow, parse_pasted
from app.models import AuditEvent, Invitation, utcnow
from tests import factories

pytestmark = [
    pytest.mark.product(name="Acme Robotics"),
    pytest.mark.interview(invite_expiry_days=5),
]


@pytest.fixture(autouse=True)
def manual_mail(queued_jobs):
    """Nothing is emailed here: queued jobs wait (the delivery tests send them)."""
    return queued_jobs


def rows(*pairs):
    return [CandidateRow(n, email, name) for n, (email, name) in enumerate(pairs, 1)]


def invite(interview, actor, *pairs):
    batch = service.invite_candidates(interview, rows(*pairs), actor=actor)
    db.session.commit()
    return batch


# Tokens ----------------------------------------------------------------------------


def test_link_tokens_are_256_random_bits_and_only_their_hash_is_stored(
    interview, recruiter
):
    batch = invite(
        interview, recruiter, ("ann@example.com", "Ann"), ("bo@example.com", "")
    )
    tokens = [issued.token for issued in batch.issued]
    assert len(set(tokens)) == 2
    for issued in batch.issued:
        raw = base64.urlsafe_b64decode(issued.token + "=" * (-len(issued.token) % 4))
        assert len(raw) * 8 >= 128 and len(raw) == 32
        stored = db.session.get(Invitation, issued.invitation_id)
        assert stored.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
        assert issued.link == f"http://127.0.0.1:5000/i/{issued.token}"
    for table in ("invitations", "audit_events"):
        dump = " ".join(
            map(str, db.session.execute(text(f"SELECT * FROM {table}")).all())
        )
        for token in tokens:
            assert token not in dump


def test_a_token_finds_its_invitation_and_nothing_else_does(interview, recruiter):
    batch = invite(interview, recruiter, ("ann@example.com", "Ann"))
    token = batch.issued[0].token
    assert links.find_by_token(token).email == "ann@example.com"
    assert links.find_by_token(token[:-1]) is None
    assert links.find_by_token("x" * 500) is None
    assert links.find_by_token("") is None


# Inviting --------------------------------------------------------------------------


def test_a_batch_reports_invited_duplicate_and_invalid_rows(interview, recruiter):
    invite(interview, recruiter, ("old@example.com", "Already There"))
    batch = invite(
        interview,
        recruiter,
        ("New@Example.com", "New Person"),
        ("OLD@example.com", "Invited Before"),
        ("new@example.com", "Twice In List"),
        ("not-an-email", "Bad"),
        ("", "No Email"),
        ("long@example.com", "N" * 121),
        ("x" * 250 + "@example.com", ""),
    )
    report = [(r.row, r.email, r.outcome, r.reason) for r in batch.rows]
    assert report == [
        (1, "new@example.com", "invited", None),
        (2, "old@example.com", "duplicate", "Already invited to this interview."),
        (3, "new@example.com", "duplicate", "Repeats row 1 of this list."),
        (4, "not-an-email", "invalid", "This is not a valid email address."),
        (5, "", "invalid", "The email is missing."),
        (6, "long@example.com", "invalid", "The name is longer than 120 characters."),
        (
            7,
            "x" * 250 + "@example.com",
            "invalid",
            "The email is longer than 254 characters.",
        ),
    ]
    assert batch.summary == {"total": 7, "invited": 1, "duplicates": 2, "invalid": 4}
    emails = db.session.scalars(select(Invitation.email).order_by(Invitation.id)).all()
    assert emails == ["old@example.com", "new@example.com"]


def test_new_invitations_are_pending_and_expire_after_the_interview_setting(
    interview, recruiter
):
    before = utcnow()
    batch = invite(interview, recruiter, ("ann@example.com", "Ann"))
    invitation = batch.invitations[0]
    assert invitation.status == "pending"
    assert invitation.created_by_id == recruiter.id
    assert invitation.send_attempts == 0 and invitation.sent_at is None
    assert before + timedelta(days=5) <= invitation.expires_at
    assert invitation.expires_at <= utcnow() + timedelta(days=5)
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.target_id) == (
        "invitation.created",
        recruiter.id,
        invitation.id,
    )


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_only_active_interviews_accept_invitations(recruiter, status):
    interview = factories.make_interview(
        factories.make_product(recruiter), status=status
    )
    with pytest.raises(Conflict, match=f"This interview is {status}"):
        service.invite_candidates(
            interview, rows(("a@example.com", "A")), actor=recruiter
        )
    with pytest.raises(Conflict):
        service.invite_candidate(interview, email="a@example.com", actor=recruiter)
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_a_batch_that_fails_stores_nothing(interview, recruiter):
    # Someone else's insert of the same email lands between our check and our flush.
    with db.session.no_autoflush:
        db.session.add(
            Invitation(
                interview_id=interview.id,
                email="b@example.com",
                token_hash="f" * 64,
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        with pytest.raises(Conflict, match="Nothing was stored"):
            service.invite_candidates(
                interview,
                rows(("a@example.com", "A"), ("b@example.com", "B")),
                actor=recruiter,
            )
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_inviting_one_candidate_raises_on_bad_or_repeated_email(interview, recruiter):
    batch = service.invite_candidate(
        interview, email=" Ann@Example.com ", name="  Ann   Lee ", actor=recruiter
    )
    assert (batch.invitations[0].email, batch.invitations[0].name) == (
        "ann@example.com",
        "Ann Lee",
    )
    with pytest.raises(Conflict) as repeated:
        service.invite_candidate(interview, email="ANN@example.com", actor=recruiter)
    assert repeated.value.details == {
        "email": ["This email is already invited to this interview."]
    }
    with pytest.raises(ValidationError) as invalid:
        service.invite_candidate(interview, email="ann@", actor=recruiter)
    assert invalid.value.details == {"email": ["This is not a valid email address."]}
    with pytest.raises(ValidationError) as long_name:
        service.invite_candidate(
            interview, email="zed@example.com", name="Z" * 121, actor=recruiter
        )
    assert list(long_name.value.details) == ["name"]


def test_the_same_email_may_be_invited_to_another_interview(interview, recruiter):
    other = factories.make_interview(interview.product, status="active")
    invite(interview, recruiter, ("ann@example.com", "Ann"))
    batch = invite(other, recruiter, ("ann@example.com", "Ann"))
    assert batch.summary["invited"] == 1


# Resend, revoke, extend ------------------------------------------------------------


def test_resend_issues_a_new_link_and_kills_the_old_one(interview, recruiter):
    invitation, old_token = factories.make_invitation(
        interview,
        status="failed",
        send_attempts=5,
        last_error="SendGrid answered 500",
        expires_at=utcnow() + timedelta(hours=1),
    )
    issued = actions.resend_invitation(invitation, actor=recruiter)
    db.session.commit()
    assert issued.token != old_token
    assert links.find_by_token(old_token) is None
    assert links.find_by_token(issued.token).id == invitation.id
    assert invitation.status == "pending"
    assert (invitation.send_attempts, invitation.last_error) == (0, None)
    assert invitation.expires_at >= utcnow() + timedelta(days=5) - timedelta(minutes=1)
    recorded = db.session.scalars(select(AuditEvent.action)).all()
    assert recorded == ["invitation.resent"]


def test_resend_keeps_a_later_expiry(interview, recruiter):
    later = utcnow() + timedelta(days=40)
    invitation, _ = factories.make_invitation(interview, expires_at=later)
    actions.resend_invitation(invitation, actor=recruiter)
    assert invitation.expires_at == later


@pytest.mark.parametrize(
    "status, message",
    [
        ("revoked", "This invitation was revoked. It cannot be resent."),
        ("started", "The candidate has already started this interview."),
        ("completed", "The candidate has already completed this interview."),
    ],
)
def test_resend_refuses_final_states(interview, recruiter, status, message):
    invitation, token = factories.make_invitation(interview, status=status)
    with pytest.raises(Conflict, match=message):
        actions.resend_invitation(invitation, actor=recruiter)
    db.session.rollback()
    assert links.find_by_token(token).id == invitation.id


def test_resend_and_extend_need_an_active_interview(interview, recruiter):
    invitation, _ = factories.make_invitation(interview)
    interview.status = "closed"
    db.session.commit()
    with pytest.raises(Conflict, match="closed"):
        actions.resend_invitation(invitation, actor=recruiter)
    with pytest.raises(Conflict, match="closed"):
        actions.extend_invitation(invitation, 3, actor=recruiter)
    actions.revoke_invitation(invitation, actor=recruiter)
    assert invitation.status == "revoked"


def test_revoke_is_final_and_idempotent(interview, recruiter):
    invitation, token = factories.make_invitation(interview, status="opened")
    actions.revoke_invitation(invitation, actor=recruiter)
    revoked_at = invitation.revoked_at
    actions.revoke_invitation(invitation, actor=recruiter)
    db.session.commit()
    assert invitation.status == "revoked" and invitation.revoked_at == revoked_at
    assert links.find_by_token(token).status == "revoked"  # the link says "revoked"
    recorded = db.session.scalars(select(AuditEvent.action)).all()
    assert recorded == ["invitation.revoked"]


@pytest.mark.parametrize("status", ["started", "completed"])
def test_a_started_or_completed_interview_cannot_be_revoked(
    interview, recruiter, status
):
    invitation, _ = factories.make_invitation(interview, status=status)
    with pytest.raises(Conflict, match="It cannot be revoked"):
        actions.revoke_invitation(invitation, actor=recruiter)


def test_extend_pushes_the_expiry_back(interview, recruiter):
    expires = utcnow() + timedelta(days=2)
    invitation, _ = factories.make_invitation(interview, expires_at=expires)
    actions.extend_invitation(invitation, 10, actor=recruiter)
    db.session.commit()
    assert invitation.expires_at == expires + timedelta(days=10)
    event = db.session.scalars(select(AuditEvent)).one()
    assert event.action == "invitation.extended" and event.details["days"] == 10


@pytest.mark.parametrize(
    "before, after",
    [
        ({"sent_at": True}, "sent"),
        ({"sent_at": True, "opened_at": True}, "opened"),
        ({"last_error": "SMTP refused"}, "failed"),
        ({}, "pending"),
    ],
)
def test_extending_an_expired_link_brings_it_back(interview, recruiter, before, after):
    past = utcnow() - timedelta(days=1)
    fields = {key: (past if value is True else value) for key, value in before.items()}
    invitation, token = factories.make_invitation(
        interview, status="expired", expires_at=past, **fields
    )
    now = utcnow()
    actions.extend_invitation(invitation, 3, actor=recruiter, now=now)
    db.session.commit()
    assert invitation.status == after
    assert invitation.expires_at == now + timedelta(days=3)
    assert links.link_problem(invitation) is None
    if after == "failed":
        assert invitation.next_attempt_at == now  # the sweep retries it


@pytest.mark.parametrize("days", [0, -1, 91, True, "7", 2.5, None])
def test_extend_accepts_1_to_90_days_only(interview, recruiter, days):
    invitation, _ = factories.make_invitation(interview)
    expires = invitation.expires_at
    with pytest.raises(ValidationError) as caught:
        actions.extend_invitation(invitation, days, actor=recruiter)
    assert caught.value.details == {"days": ["Choose between 1 and 90 days."]}
    assert invitation.expires_at == expires


# Expiry, listing, counts -----------------------------------------------------------


def test_lapsed_links_are_listed_and_counted_as_expired(interview, recruiter):
    past = utcnow() - timedelta(minutes=1)
    lapsed, _ = factories.make_invitation(
        interview, email="late@example.com", expires_at=past
    )
    factories.make_invitation(interview, email="fresh@example.com")
    factories.make_invitation(
        interview, email="done@example.com", status="completed", expires_at=past
    )

    counts = service.status_counts(interview)
    assert (
        counts["expired"],
        counts["sent"],
        counts["completed"],
        counts["total"],
    ) == (
        1,
        1,
        1,
        3,
    )
    items, meta = service.list_invitations(interview, status="expired")
    assert [i.email for i in items] == ["late@example.com"] and meta["total"] == 1
    assert lapsed.status == "expired"  # marked on read; the edge commits it
    items, _ = service.list_invitations(interview, status="sent")
    assert [i.email for i in items] == ["fresh@example.com"]


def test_listing_searches_and_pages_newest_first(interview, recruiter):
    for n in range(5):
        factories.make_invitation(
            interview, email=f"dev{n}@example.com", name=f"Dev {n}"
        )
    factories.make_invitation(interview, email="zoe@example.com", name="Zoë 50%_off")
    items, meta = service.list_invitations(interview, q="DEV", page=2, per_page=2)
    assert [i.email for i in items] == ["dev2@example.com", "dev1@example.com"]
    assert meta == {"page": 2, "per_page": 2, "total": 5}
    items, _ = service.list_invitations(interview, q="50%_")
    assert [i.email for i in items] == ["zoe@example.com"]
    items, _ = service.list_invitations(interview, q="%")
    assert [i.email for i in items] == ["zoe@example.com"]


def test_pasted_lines_become_rows():
    pasted = (
        "jane@example.com, Jane Doe\n"
        "\n"
        "Bob Stone <BOB@example.com>\n"
        '"Lee, Ann" <ann@example.com>\n'
        "Carl Cole, carl@example.com\n"
        "solo@example.com\n"
        "tab@example.com\tTab Person\n"
        "not an email at all\n"
    )
    parsed = [(r.row, r.email, r.name) for r in parse_pasted(pasted)]
    assert parsed == [
        (1, "jane@example.com", "Jane Doe"),
        (3, "BOB@example.com", "Bob Stone"),
        (4, "ann@example.com", "Lee, Ann"),
        (5, "carl@example.com", "Carl Cole"),
        (6, "solo@example.com", ""),
        (7, "tab@example.com", "Tab Person"),
        (8, "not an email at all", ""),
    ]


def test_an_empty_or_oversized_paste_is_refused():
    with pytest.raises(ValidationError, match="at least one"):
        parse_pasted(" \n\n ")
    with pytest.raises(ValidationError, match="at most 1000"):
        parse_pasted("\n".join(f"c{n}@example.com" for n in range(1001)))
