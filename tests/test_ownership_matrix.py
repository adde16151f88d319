"""Every /api/v1 route with an id in its path answers another workspace's recruiter
404, leaking nothing; inside one workspace, members who only read change nothing.

Routes are collected from the OpenAPI document, so a new route is covered automatically;
a new route that takes a request body must get a valid example body below (the test says
so).
"""

import io
from datetime import timedelta

import pytest

from app.branding import service as branding
from app.extensions import db
from app.integrations import api_keys, webhooks
from app.live import conductor
from app.meetings import service as meetings
from app.models import (
    ApiKey,
    Application,
    AuditEvent,
    Category,
    Evaluation,
    Interview,
    InterviewSession,
    Invitation,
    LegalHold,
    Meeting,
    Membership,
    Opening,
    PrivacyRequest,
    Product,
    ProductLogo,
    Question,
    QuestionReview,
    ReviewRequest,
    WebhookDelivery,
    WebhookEndpoint,
    Workspace,
    WorkspaceInvite,
    utcnow,
)
from app.rights import review_requests
from tests import factories
from tests.support import images
from tests.support.asserts import assert_error
from tests.support.hiring import make_opening, submit

VALID_BODIES = {
    ("PATCH", "/api/v1/categories/{category_id}"): {"name": "Renamed"},
    ("PATCH", "/api/v1/products/{product_id}"): {"name": "Renamed"},
    ("POST", "/api/v1/products/{product_id}/interviews"): {"role_title": "New role"},
    ("PATCH", "/api/v1/interviews/{interview_id}"): {"role_title": "Renamed"},
    ("POST", "/api/v1/interviews/{interview_id}/duplicate"): {},
    ("POST", "/api/v1/interviews/{interview_id}/activate"): {},
    ("POST", "/api/v1/interviews/{interview_id}/calibration"): {},
    ("PUT", "/api/v1/workspaces/{workspace_id}/calibration-settings"): {
        "max_mean_absolute_difference": 2.0
    },
    ("PUT", "/api/v1/interviews/{interview_id}/calibration"): {
        "samples": [{"sample": 1, "scores": {"communication": 5}}]
    },
    ("POST", "/api/v1/interviews/{interview_id}/invitations"): {
        "email": "someone@example.com",
        "name": "Some One",
    },
    ("POST", "/api/v1/interviews/{interview_id}/questions"): {
        "text": "A new question?"
    },
    ("POST", "/api/v1/interviews/{interview_id}/questions/generate"): {"count": 2},
    ("POST", "/api/v1/interviews/{interview_id}/questions/reorder"): "QUESTION_IDS",
    ("POST", "/api/v1/invitations/{invitation_id}/extend"): {"days": 3},
    ("PATCH", "/api/v1/questions/{question_id}"): {"text": "Changed?"},
    ("PATCH", "/api/v1/sessions/{session_id}"): {"stage": "reject", "note": "No."},
    ("PUT", "/api/v1/sessions/{session_id}/questions/{question_id}/score"): {
        "score": 6,
        "reason": "Read it myself.",
    },
    ("PATCH", "/api/v1/webhooks/{endpoint_id}"): {"description": "Changed"},
    ("POST", "/api/v1/sessions/{session_id}/meetings"): {
        "starts_at": "2099-01-05T15:00:00Z",
        "provider": "jitsi",
    },
    ("PATCH", "/api/v1/meetings/{meeting_id}"): {"duration_minutes": 30},
    ("PUT", "/api/v1/interviews/{interview_id}/candidate-settings"): {
        "faq": [{"question": "Pay?", "answer": "Secret"}]
    },
    ("POST", "/api/v1/review-requests/{request_id}/answer"): {
        "decision": "declined",
        "response": "No.",
    },
    ("PATCH", "/api/v1/openings/{opening_id}"): {"title": "Renamed"},
    ("POST", "/api/v1/applications/{application_id}/stage"): {"stage": "rejected"},
    ("POST", "/api/v1/openings/{opening_id}/applications/stage"): "APPLICATION_IDS",
    ("POST", "/api/v1/gdpr/candidates/{invitation_id}/hold"): {"reason": "A claim"},
    ("PATCH", "/api/v1/workspaces/{workspace_id}"): {"name": "Renamed"},
    ("POST", "/api/v1/interviews/{interview_id}/experts"): {
        "email": "oscar@example.com"
    },
    ("PUT", "/api/v1/expert/questions/{question_id}/gold-answer"): {
        "gold_answer": "Secret gold"
    },
    ("POST", "/api/v1/expert/evaluations/{evaluation_id}/review"): {"overall": 5},
    ("POST", "/api/v1/workspaces/{workspace_id}/invites"): {
        "email": "someone@example.com"
    },
    ("PATCH", "/api/v1/workspaces/{workspace_id}/members/{user_id}"): {
        "role": "viewer"
    },
}
# The public job board: anyone may read an open job and apply to it
# (tests/hiring/test_isolation.py checks drafts and closed jobs stay hidden).
PUBLIC_ROUTES = {
    ("GET", "/api/v1/jobs/{job_id}"),
    ("POST", "/api/v1/jobs/{job_id}/apply"),
}


# Admin routes are not a recruiter's to own: they answer every non-admin 403, which
# tests/admin/test_admin_api.py checks over every one of them. Practice records are
# candidates' own: tests/practice/test_isolation.py walks those routes both ways.
ADMIN_PREFIX = "/api/v1/admin/"
PRACTICE_PREFIX = "/api/v1/practice/"


def _operations(client):
    spec = client.get("/apispec.json").get_json()
    for path, operations in spec["paths"].items():
        if "{" not in path or path.startswith((ADMIN_PREFIX, PRACTICE_PREFIX)):
            continue
        for method, operation in operations.items():
            if (method.upper(), path) in PUBLIC_ROUTES:
                continue
            yield method.upper(), path, operation


@pytest.fixture
def owned(recruiter):
    """One record of every kind, all owned by `recruiter`."""
    category = factories.make_category(recruiter, name="Secret category")
    product = factories.make_product(
        recruiter, name="Secret product", category_id=category.id
    )
    branding.set_logo(recruiter, product, images.png())  # DELETE would remove it
    branding.set_accent_color(recruiter, product, "#0f766e")
    interview = factories.make_interview(
        product, questions=2, status="active", role_title="Secret role"
    )
    invitation, _ = factories.make_invitation(
        interview, email="secret.candidate@example.com"
    )
    other_invitation, _ = factories.make_invitation(interview)
    session = conductor.start_session(other_invitation)
    review_request = review_requests.create_request(
        invitation, "human_review", "Secret message"
    )
    key, _raw = api_keys.create_api_key(recruiter, name="Secret key", scopes=["read"])
    endpoint = webhooks.create_endpoint(
        recruiter,
        url="https://hooks.example.com/secret",
        events=["evaluation.ready"],
        description="Secret hook",
    )
    [delivery] = webhooks.emit(recruiter, "evaluation.ready", {"note": "Secret"})
    delivery.status = "failed"  # never sent from this test
    meeting = meetings.schedule(
        recruiter,
        session.id,
        {"starts_at": utcnow() + timedelta(days=2), "duration_minutes": 45},
    )
    opening = make_opening(recruiter, product, title="Secret opening")
    application, _token = submit(opening, email="secret.candidate@example.com")
    privacy_request = PrivacyRequest(
        kind="export",
        status="done",
        email=invitation.email,
        email_hash=invitation.email_hash,
        requested_by_id=recruiter.id,
        outcome="Secret outcome",
    )
    db.session.add(privacy_request)
    evaluation = Evaluation(
        session_id=session.id,
        question_id=interview.questions[0].id,
        status="scored",
        overall=4.0,
        flags=["low_confidence"],
        provider="offline",
    )
    db.session.add(evaluation)
    db.session.commit()
    return {
        "meeting_id": meeting.id,
        "key_id": key.id,
        "endpoint_id": endpoint.id,
        "delivery_id": delivery.id,
        "category_id": category.id,
        "product_id": product.id,
        "interview_id": interview.id,
        "question_id": interview.questions[0].id,
        "invitation_id": invitation.id,
        "session_id": session.id,
        "request_id": review_request.id,
        "data_request_id": privacy_request.id,
        "question_ids": [q.id for q in interview.questions],
        "opening_id": opening.id,
        "job_id": opening.id,
        "application_id": application.id,
        "workspace_id": product.workspace_id,
        "user_id": recruiter.id,
        "evaluation_id": evaluation.id,
    }


def _snapshot():
    """What the owner's data looks like, to prove the attempts changed nothing."""
    return (
        [
            (p.id, p.name, p.archived_at, p.accent_color, p.logo_digest)
            for p in Product.query.order_by(Product.id)
        ],
        [(logo.product_id, logo.digest) for logo in ProductLogo.query],
        [(c.id, c.name) for c in Category.query.order_by(Category.id)],
        [
            (i.id, i.role_title, i.status)
            for i in Interview.query.order_by(Interview.id)
        ],
        [
            (q.id, q.text, q.position, q.approved)
            for q in Question.query.order_by(Question.id)
        ],
        [
            (i.id, i.status, i.expires_at, i.token_hash)
            for i in Invitation.query.order_by(Invitation.id)
        ],
        [
            (s.id, s.stage, s.stage_note, s.scoring_status, s.reviewed_at)
            for s in InterviewSession.query.order_by(InterviewSession.id)
        ],
        AuditEvent.query.filter(AuditEvent.action.like("session.%")).count(),
        [
            (e.id, e.description, e.secret, e.is_active)
            for e in WebhookEndpoint.query.order_by(WebhookEndpoint.id)
        ],
        [(k.id, k.revoked_at) for k in ApiKey.query.order_by(ApiKey.id)],
        [(d.id, d.status) for d in WebhookDelivery.query.order_by(WebhookDelivery.id)],
        [
            (m.id, m.starts_at, m.duration_minutes, m.status, m.sequence)
            for m in Meeting.query.order_by(Meeting.id)
        ],
        [(r.id, r.status) for r in ReviewRequest.query.order_by(ReviewRequest.id)],
        [(o.id, o.title, o.status) for o in Opening.query.order_by(Opening.id)],
        [(a.id, a.stage) for a in Application.query.order_by(Application.id)],
        AuditEvent.query.filter(AuditEvent.action.like("application.stage%")).count(),
        [(h.id, h.released_at) for h in LegalHold.query.order_by(LegalHold.id)],
        PrivacyRequest.query.count(),
        _owners_workspace(),
        [(e.id, e.overall, e.flags) for e in Evaluation.query.order_by(Evaluation.id)],
        QuestionReview.query.count(),
    )


def _owners_workspace():
    """The owner's workspace (the oldest): its name, members, roles and invites."""
    workspace = Workspace.query.order_by(Workspace.id).first()
    members = Membership.query.filter_by(workspace_id=workspace.id)
    return (
        workspace.name,
        sorted((m.user_id, m.role) for m in members),
        WorkspaceInvite.query.filter_by(workspace_id=workspace.id).count(),
    )


def test_other_recruiters_get_404_on_every_route_with_an_id(
    api, owned, other_recruiter
):
    before = _snapshot()
    api.login(other_recruiter)
    checked = []
    for method, path, operation in _operations(api.client):
        url = path.format(**owned)
        kwargs = {}
        if "requestBody" in operation:
            content = operation["requestBody"]["content"]
            if "multipart/form-data" in content:
                kwargs["data"] = {
                    "file": (io.BytesIO(b"email,name\na@example.com,A\n"), "c.csv")
                }
                kwargs["content_type"] = "multipart/form-data"
            else:
                assert (method, path) in VALID_BODIES, (
                    f"add a valid example body for {method} {path}"
                )
                body = VALID_BODIES[(method, path)]
                kwargs["json"] = (
                    {
                        "QUESTION_IDS": {"question_ids": owned["question_ids"]},
                        "APPLICATION_IDS": {
                            "application_ids": [owned["application_id"]],
                            "stage": "rejected",
                        },
                    }.get(body, body)
                    if isinstance(body, str)
                    else body
                )
        response = api.request(method, url, **kwargs)
        error = assert_error(response, 404, "NOT_FOUND")
        text = response.get_data(as_text=True)
        for secret in ("Secret", "secret.candidate"):
            assert secret not in text, f"{method} {path} leaked {secret!r}"
        assert error["details"] == {}
        checked.append(f"{method} {path}")
    db.session.rollback()
    db.session.expire_all()
    assert _snapshot() == before
    assert len(checked) >= 33


def test_the_owner_reaches_the_same_routes(api, owned, recruiter):
    """The matrix is meaningful: the same ids work for their owner."""
    api.login(recruiter)
    for path in (
        "/api/v1/products/{product_id}",
        "/api/v1/interviews/{interview_id}",
        "/api/v1/questions/{question_id}",
        "/api/v1/invitations/{invitation_id}",
        "/api/v1/sessions/{session_id}",
        "/api/v1/sessions/{session_id}/flags",
        "/api/v1/review-requests/{request_id}",
        "/api/v1/interviews/{interview_id}/candidate-settings",
        "/api/v1/interviews/{interview_id}/sessions",
        "/api/v1/interviews/{interview_id}/questions/{question_id}/answers",
        "/api/v1/interviews/{interview_id}/export/sessions.csv",
        "/api/v1/interviews/{interview_id}/export/answers.csv",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/invite.ics",
        "/api/v1/interviews/{interview_id}/model-card",
        "/api/v1/interviews/{interview_id}/calibration",
        "/api/v1/openings/{opening_id}",
        "/api/v1/jobs/{job_id}/candidates",
        "/api/v1/jobs/{job_id}/quality",
        "/api/v1/applications/{application_id}",
        "/api/v1/applications/{application_id}/resume",
        "/api/v1/gdpr/candidates/{invitation_id}",
        "/api/v1/gdpr/requests/{data_request_id}",
    ):
        assert api.get(path.format(**owned)).status_code == 200, path


WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Managing members and expert reviews have rules of their own (tests/workspaces/ and
# tests/experts/ walk them): a member who is not the expert of an interview gets 404.
WORKSPACE_PREFIX = "/api/v1/workspaces"
EXPERT_PREFIX = "/api/v1/expert/"
# The caller's own account (e.g. their notification choices): a viewer changes their
# own, never the workspace's records (tests/notifications/ walks it).
OWN_ACCOUNT_PREFIX = "/api/v1/users/me"


def _recruiter_writes(client):
    spec = client.get("/apispec.json").get_json()
    for path, operations in spec["paths"].items():
        if path.startswith(
            (
                ADMIN_PREFIX,
                PRACTICE_PREFIX,
                WORKSPACE_PREFIX,
                EXPERT_PREFIX,
                OWN_ACCOUNT_PREFIX,
            )
        ):
            continue
        for method, operation in operations.items():
            roles = operation.get("description", "")
            if method.upper() in WRITE_METHODS and "Requires role: recruiter" in roles:
                yield method.upper(), path


@pytest.mark.parametrize("role", ["viewer", "expert"])
def test_a_viewer_or_expert_changes_nothing_in_their_own_workspace(
    api, owned, recruiter, role
):
    """Inside one workspace, members who only read get 403 on every write route
    (they may see the records, so 404 would be a lie) and the data stays as it was."""
    from app.ownership import current_workspace

    workspace = current_workspace(recruiter)
    member = factories.make_user(email=f"{role}@example.com")
    db.session.add(Membership(workspace_id=workspace.id, user_id=member.id, role=role))
    db.session.commit()
    before = _snapshot()
    api.login(member)
    header = {"X-Workspace-Id": str(workspace.id)}
    checked = []
    for method, path in _recruiter_writes(api.client):
        url = path.format(**owned)
        response = api.request(method, url, json={}, headers=header)
        assert_error(response, 403, "FORBIDDEN")
        checked.append(f"{method} {path}")
    db.session.rollback()
    db.session.expire_all()
    assert _snapshot() == before
    assert len(checked) >= 30, checked
