"""Every GDPR route refuses anonymous callers and other recruiters; consents and the
retention policy behave as documented."""

import pytest

from app.models import AuditEvent, ConsentRecord, PrivacyRequest
from app.ownership import current_workspace
from tests.support.asserts import assert_error

GDPR = "/api/v1/gdpr"


def _gdpr_operations(client):
    spec = client.get("/apispec.json").get_json()
    for path, operations in spec["paths"].items():
        if path.startswith(GDPR):
            for method in operations:
                yield method.upper(), path


def _body(candidate):
    return {
        "invitation_id": candidate.invitation.id,
        "confirm": True,
        "kind": "ai_notice",
        "reason": "A claim",
        "days": 30,
    }


def test_anonymous_callers_are_refused_everywhere(app, candidate):
    client = app.test_client()  # no login cookie, no token
    operations = list(_gdpr_operations(client))
    assert len(operations) >= 9
    for method, path in operations:
        url = path.format(invitation_id=candidate.invitation.id, data_request_id=1)
        response = client.open(url, method=method, json=_body(candidate))
        assert_error(response, 401, "AUTH_ERROR")


def test_other_recruiters_cannot_reach_someone_elses_candidate(
    api, candidate, other_recruiter
):
    api.login(other_recruiter)
    invitation_id = candidate.invitation.id
    for path in ("export", "delete"):
        response = api.post(
            f"{GDPR}/{path}", json={"invitation_id": invitation_id, "confirm": True}
        )
        assert_error(response, 404, "NOT_FOUND")
    response = api.post(
        f"{GDPR}/consent", json={"invitation_id": invitation_id, "kind": "ai_notice"}
    )
    assert_error(response, 404, "NOT_FOUND")
    assert_error(api.get(f"{GDPR}/retention"), 403, "FORBIDDEN")
    assert PrivacyRequest.query.count() == 0


def test_an_admin_sees_the_policy_and_the_next_purge(api, admin, recruiter):
    api.login(recruiter)
    assert (
        api.request("PUT", f"{GDPR}/retention/account", json={"days": 90}).status_code
        == 200
    )
    api.login(admin)
    body = api.get(f"{GDPR}/retention").get_json()
    assert body["default_days"] == 365
    # The period belongs to the recruiter's workspace (products belong to it).
    workspace = current_workspace(recruiter)
    assert body["workspace_days"] == {str(workspace.id): 90}
    assert body["account_days"] == {} and body["opening_days"] == {}
    assert body["schedule"] == "hourly, at minute 17"
    assert body["next_purge_at"].endswith("+00:00")


@pytest.mark.parametrize("kind, erased", [("ai_notice", True)])
def test_withdrawing_the_processing_consent_erases_the_candidate(
    api, candidate, kind, erased, console_mail
):
    response = api.post(
        f"{GDPR}/consent",
        json={"invitation_id": candidate.invitation.id, "kind": kind},
    )
    assert response.status_code == 200, response.get_json()
    assert "erased" in response.get_json()["message"]
    assert (candidate.invitation.anonymized_at is not None) == erased
    assert ConsentRecord.query.count() == 0  # erased with the rest
    assert AuditEvent.query.filter_by(action="consent.withdrawn").count() == 1
    again = api.post(
        f"{GDPR}/consent",
        json={"invitation_id": candidate.invitation.id, "kind": kind},
    )
    assert_error(again, 404, "NOT_FOUND")


def test_the_recruiter_sees_the_removal_date_hold_and_consents(api, candidate):
    body = api.get(f"{GDPR}/candidates/{candidate.invitation.id}").get_json()
    assert body["legal_hold"] is False and body["anonymized_at"] is None
    assert body["removal_date"] is not None
    assert [c["kind"] for c in body["consents"]] == ["ai_notice"]
    api.post(f"{GDPR}/candidates/{candidate.invitation.id}/hold", json={"reason": "x"})
    body = api.get(f"{GDPR}/candidates/{candidate.invitation.id}").get_json()
    assert body["legal_hold"] is True
    released = api.delete(f"{GDPR}/candidates/{candidate.invitation.id}/hold")
    assert released.status_code == 200
