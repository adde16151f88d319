"""The invitations API: list, invite (one, many, CSV), read, resend, revoke, extend."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.invitations import links
from app.models import AuditEvent, Invitation, utcnow
from tests import factories
from tests.support.asserts import assert_error

pytestmark = pytest.mark.product(name="Acme Robotics")

API = "/api/v1"


@pytest.fixture(autouse=True)
def manual_mail(queued_jobs):
    """Emails wait in the queue: the API must answer before anything is sent."""
    return queued_jobs


@pytest.fixture
def as_recruiter(api, recruiter):
    api.login(recruiter)
    return api


def create(api, interview, payload):
    return api.post(f"{API}/interviews/{interview.id}/invitations", json=payload)


def upload(api, interview, content: bytes, filename="candidates.csv"):
    return api.post(
        f"{API}/interviews/{interview.id}/invitations/import",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


# Creating --------------------------------------------------------------------------


def test_inviting_one_candidate_answers_201_with_the_link_once(
    as_recruiter, interview, queued_jobs
):
    response = create(
        as_recruiter, interview, {"email": "Jane@Example.com ", "name": "Jane"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["summary"] == {"total": 1, "invited": 1, "duplicates": 0, "invalid": 0}
    assert body["rows"] == [
        {
            "row": 1,
            "email": "jane@example.com",
            "name": "Jane",
            "outcome": "invited",
            "reason": None,
            "invitation_id": body["invitations"][0]["id"],
        }
    ]
    (created,) = body["invitations"]
    assert created["status"] == "pending" and created["interview_id"] == interview.id
    token = created["link"].removeprefix("http://127.0.0.1:5000/i/")
    assert links.find_by_token(token).id == created["id"]
    assert "token_hash" not in created

    again = as_recruiter.get(f"{API}/invitations/{created['id']}").get_json()
    listed = as_recruiter.get(f"{API}/interviews/{interview.id}/invitations").get_json()
    for shown in (again, listed["items"][0]):
        assert "link" not in shown and token not in str(shown)
    assert queued_jobs.pending() == ["send_invitation_email"]


def test_inviting_many_reports_each_row(as_recruiter, interview):
    factories.make_invitation(interview, email="old@example.com")
    payload = {
        "invitations": [
            {"email": "a@example.com", "name": "A"},
            {"email": "OLD@example.com", "name": "Old"},
            {"email": "a@example.com"},
            {"email": "nope", "name": "Bad"},
        ]
    }
    response = create(as_recruiter, interview, payload)
    assert response.status_code == 201
    body = response.get_json()
    assert [(r["row"], r["outcome"], r["reason"]) for r in body["rows"]] == [
        (1, "invited", None),
        (2, "duplicate", "Already invited to this interview."),
        (3, "duplicate", "Repeats row 1 of this list."),
        (4, "invalid", "This is not a valid email address."),
    ]
    assert [i["email"] for i in body["invitations"]] == ["a@example.com"]
    assert body["invitations"][0]["link"].startswith("http://127.0.0.1:5000/i/")


def test_a_batch_that_invites_nobody_answers_200(as_recruiter, interview):
    factories.make_invitation(interview, email="old@example.com")
    payload = {"invitations": [{"email": "old@example.com"}, {"email": "bad"}]}
    response = create(as_recruiter, interview, payload)
    assert response.status_code == 200
    assert response.get_json()["summary"] == {
        "total": 2,
        "invited": 0,
        "duplicates": 1,
        "invalid": 1,
    }
    assert response.get_json()["invitations"] == []


def test_inviting_an_already_invited_email_alone_is_409(as_recruiter, interview):
    factories.make_invitation(interview, email="jane@example.com")
    error = assert_error(
        create(as_recruiter, interview, {"email": "JANE@example.com"}), 409, "CONFLICT"
    )
    assert error["details"] == {
        "email": ["This email is already invited to this interview."]
    }


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"email": "a@example.com", "name": "N" * 121}, "name"),
        ({"email": 5}, "email"),
        ({}, "_schema"),
        (
            {"email": "a@example.com", "invitations": [{"email": "b@example.com"}]},
            "_schema",
        ),
        ({"invitations": []}, "invitations"),
        ({"invitations": [{"name": "No email"}]}, "invitations"),
        ({"invitations": [{"email": "a@example.com", "extra": 1}]}, "invitations"),
        (
            {"invitations": [{"email": f"c{n}@example.com"} for n in range(1001)]},
            "invitations",
        ),
        ({"invitations": [{"email": "a@example.com"}], "name": "x"}, "name"),
        ({"email": "a@example.com", "role": "admin"}, "role"),
        ({"email": "a@example.com", "name": "A\x00B"}, "name"),
        ({"email": "a\x00@example.com"}, "email"),
    ],
)
def test_invite_validation_failures_are_422_and_store_nothing(
    as_recruiter, interview, payload, field
):
    error = assert_error(
        create(as_recruiter, interview, payload), 422, "VALIDATION_ERROR"
    )
    assert field in error["details"]
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_malformed_json_is_400(as_recruiter, interview):
    response = as_recruiter.post(
        f"{API}/interviews/{interview.id}/invitations",
        data="{nope",
        content_type="application/json",
    )
    assert_error(response, 400, "INVALID_REQUEST")


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_inactive_interviews_refuse_invitations_with_409(
    as_recruiter, recruiter, status
):
    interview = factories.make_interview(
        factories.make_product(recruiter), status=status
    )
    error = assert_error(
        create(as_recruiter, interview, {"email": "a@example.com"}), 409, "CONFLICT"
    )
    assert "only active interviews accept invitations" in error["message"]
    error = assert_error(
        upload(as_recruiter, interview, b"a@example.com\n"), 409, "CONFLICT"
    )
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_creation_is_audited_with_the_request_origin(
    as_recruiter, interview, recruiter
):
    create(as_recruiter, interview, {"email": "a@example.com"})
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "invitation.created")
    ).one()
    assert event.actor_id == recruiter.id and event.ip_address == "127.0.0.1"


# Listing and reading ---------------------------------------------------------------


def test_listing_filters_by_effective_status_and_pages(as_recruiter, interview):
    past = utcnow() - timedelta(hours=1)
    lapsed, _ = factories.make_invitation(
        interview, email="late@example.com", expires_at=past
    )
    for n in range(3):
        factories.make_invitation(interview, email=f"ok{n}@example.com")
    url = f"{API}/interviews/{interview.id}/invitations"
    body = as_recruiter.get(f"{url}?status=expired").get_json()
    assert [i["email"] for i in body["items"]] == ["late@example.com"]
    assert body["items"][0]["status"] == "expired"
    assert (
        db.session.get(Invitation, lapsed.id, populate_existing=True).status
        == "expired"
    )

    body = as_recruiter.get(f"{url}?status=sent&per_page=2&page=2").get_json()
    assert [i["email"] for i in body["items"]] == ["ok0@example.com"]
    assert body["meta"] == {"page": 2, "per_page": 2, "total": 3}
    body = as_recruiter.get(f"{url}?q=OK1").get_json()
    assert [i["email"] for i in body["items"]] == ["ok1@example.com"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=lost", "status"),
        ("page=0", "page"),
        ("per_page=101", "per_page"),
        ("q=" + "x" * 255, "q"),
    ],
)
def test_list_query_validation(as_recruiter, interview, query, field):
    response = as_recruiter.get(f"{API}/interviews/{interview.id}/invitations?{query}")
    assert field in assert_error(response, 422, "VALIDATION_ERROR")["details"]


def test_reading_an_invitation(as_recruiter, interview):
    invitation, _ = factories.make_invitation(
        interview, email="ann@example.com", name="Ann"
    )
    body = as_recruiter.get(f"{API}/invitations/{invitation.id}").get_json()
    assert body["email"] == "ann@example.com" and body["status"] == "sent"
    assert set(body) == {
        "id", "interview_id", "email", "name", "status", "expires_at", "send_attempts",
        "last_error", "next_attempt_at", "sent_at", "opened_at", "consented_at",
        "revoked_at", "created_at", "updated_at",
    }  # fmt: skip


# Actions ---------------------------------------------------------------------------


def test_resend_answers_a_new_link_and_the_old_one_dies(
    as_recruiter, interview, queued_jobs
):
    invitation, old_token = factories.make_invitation(interview, status="failed")
    response = as_recruiter.post(f"{API}/invitations/{invitation.id}/resend")
    assert response.status_code == 200
    body = response.get_json()
    new_token = body["link"].rsplit("/", 1)[1]
    assert body["status"] == "pending" and new_token != old_token
    assert links.find_by_token(old_token) is None
    assert links.find_by_token(new_token).id == invitation.id
    assert queued_jobs.pending() == ["send_invitation_email"]


def test_revoke_and_extend(as_recruiter, interview, recruiter):
    invitation, _ = factories.make_invitation(interview)
    expires = invitation.expires_at
    response = as_recruiter.post(
        f"{API}/invitations/{invitation.id}/extend", json={"days": 30}
    )
    assert response.status_code == 200
    assert (
        response.get_json()["expires_at"] == (expires + timedelta(days=30)).isoformat()
    )
    response = as_recruiter.post(f"{API}/invitations/{invitation.id}/revoke")
    assert response.status_code == 200
    assert response.get_json()["status"] == "revoked"
    assert response.get_json()["revoked_at"] is not None
    actions = db.session.scalars(
        select(AuditEvent.action).order_by(AuditEvent.id)
    ).all()
    assert actions[-2:] == ["invitation.extended", "invitation.revoked"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"days": 0},
        {"days": 91},
        {"days": "7"},
        {"days": 7.5},
        {"days": True},
        {"days": None},
    ],
)
def test_extend_validation(as_recruiter, interview, payload):
    invitation, _ = factories.make_invitation(interview)
    response = as_recruiter.post(
        f"{API}/invitations/{invitation.id}/extend", json=payload
    )
    assert "days" in assert_error(response, 422, "VALIDATION_ERROR")["details"]


@pytest.mark.parametrize(
    "status, action",
    [
        ("revoked", "resend"),
        ("completed", "resend"),
        ("started", "revoke"),
        ("completed", "extend"),
    ],
)
def test_actions_on_final_states_are_409(as_recruiter, interview, status, action):
    invitation, _ = factories.make_invitation(interview, status=status)
    payload = {"json": {"days": 3}} if action == "extend" else {}
    response = as_recruiter.post(
        f"{API}/invitations/{invitation.id}/{action}", **payload
    )
    assert_error(response, 409, "CONFLICT")
    assert (
        db.session.get(Invitation, invitation.id, populate_existing=True).status
        == status
    )


# Access ----------------------------------------------------------------------------


def _endpoints(interview, invitation):
    base = f"{API}/interviews/{interview.id}/invitations"
    csv_file = {"file": (io.BytesIO(b"z@example.com"), "c.csv")}
    return [
        ("get", base, {}),
        ("post", base, {"json": {"email": "z@example.com"}}),
        ("post", f"{base}/import", {"data": csv_file}),
        ("get", f"{API}/invitations/{invitation.id}", {}),
        ("post", f"{API}/invitations/{invitation.id}/resend", {}),
        ("post", f"{API}/invitations/{invitation.id}/revoke", {}),
        ("post", f"{API}/invitations/{invitation.id}/extend", {"json": {"days": 3}}),
    ]  # fmt: skip


def test_other_recruiters_get_404_everywhere(api, interview, other_recruiter):
    invitation, _ = factories.make_invitation(interview)
    api.login(other_recruiter)
    for method, path, kwargs in _endpoints(interview, invitation):
        response = getattr(api, method)(path, **kwargs)
        assert_error(response, 404, "NOT_FOUND")
    assert (
        db.session.get(Invitation, invitation.id, populate_existing=True).status
        == "sent"
    )


def test_anonymous_callers_get_401_and_candidates_403(api, client, interview):
    invitation, _ = factories.make_invitation(interview)
    candidate = factories.make_user(role="candidate")
    for method, path, kwargs in _endpoints(interview, invitation):
        assert_error(getattr(client, method)(path, **kwargs), 401, "AUTH_ERROR")
    api.login(candidate)
    for method, path, kwargs in _endpoints(interview, invitation):
        assert_error(getattr(api, method)(path, **kwargs), 403, "FORBIDDEN")


def test_admins_may_act_on_any_invitation(api, admin, interview):
    invitation, _ = factories.make_invitation(interview)
    api.login(admin)
    assert api.get(f"{API}/invitations/{invitation.id}").status_code == 200
    assert api.post(f"{API}/invitations/{invitation.id}/revoke").status_code == 200
    response = api.post(
        f"{API}/interviews/{interview.id}/invitations", json={"email": "z@example.com"}
    )
    assert response.status_code == 201
