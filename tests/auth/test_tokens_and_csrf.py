"""Tokens: a tampering matrix (wrong type, bad signature, alg none, expired, forged
claims), revocation on logout, password change and deactivation; and the portal's CSRF
double-submit, refused without the token or with another session's."""

import base64
import json
import time

import jwt as pyjwt
import pytest

from app.extensions import db
from tests import factories
from tests.factories import page_login
from tests.support.asserts import assert_error

ME = "/api/v1/auth/me"
HTML = {"Accept": "text/html"}


def b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict, dict, str]:
    header, payload, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


def resign(app, payload: dict, algorithm: str = "HS256", key: str | None = None):
    secret = key if key is not None else app.config["JWT_SECRET_KEY"]
    return pyjwt.encode(payload, secret, algorithm=algorithm)


TAMPERING = {
    "a refresh token used as an access token": lambda app, t: t["refresh_token"],
    "the signature of another token": lambda app, t: (
        t["access_token"].rsplit(".", 1)[0] + "." + t["refresh_token"].rsplit(".", 1)[1]
    ),
    "a flipped signature character": lambda app, t: (
        t["access_token"][:-2]
        + ("A" if t["access_token"][-2] != "A" else "B")
        + t["access_token"][-1]
    ),
    "signed with another key": lambda app, t: resign(
        app, parts(t["access_token"])[1], key="not-the-real-secret-key-at-all-xx"
    ),
    "alg none": lambda app, t: (
        b64({"alg": "none", "typ": "JWT"})
        + "."
        + b64(parts(t["access_token"])[1])
        + "."
    ),
    "alg switched to HS512 with the real secret": lambda app, t: resign(
        app, parts(t["access_token"])[1], algorithm="HS512"
    ),
    "expired": lambda app, t: resign(
        app,
        {**parts(t["access_token"])[1], "exp": int(time.time()) - 60},
    ),
    "another user's id under the original signature": lambda app, t: (
        t["access_token"].split(".")[0]
        + "."
        + b64(
            {
                **parts(t["access_token"])[1],
                "sub": str(int(parts(t["access_token"])[1]["sub"]) + 1),
            }
        )
        + "."
        + t["access_token"].split(".")[2]
    ),
    "an old token version": lambda app, t: resign(
        app, {**parts(t["access_token"])[1], "ver": 0}
    ),
    "type claim changed to refresh": lambda app, t: resign(
        app, {**parts(t["access_token"])[1], "type": "refresh"}
    ),
    "garbage": lambda app, t: "not.a.jwt",
    "empty bearer": lambda app, t: "",
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampered_tokens_are_refused(app, api, recruiter, other_recruiter, case):
    tokens = api.login(recruiter)
    assert api.get(ME).status_code == 200  # the untouched token works
    forged = TAMPERING[case](app, tokens)
    response = api.client.get(ME, headers={"Authorization": f"Bearer {forged}"})
    assert_error(response, 401, "AUTH_ERROR")


def test_an_access_token_cannot_refresh(api, recruiter):
    tokens = api.login(recruiter)
    response = api.post("/api/v1/auth/refresh", token=tokens["access_token"])
    assert_error(response, 401, "AUTH_ERROR")


def test_a_tampered_portal_cookie_means_logged_out_not_an_error(client, recruiter):
    page_login(client, recruiter)
    token = client.get_cookie("access_token_cookie").value
    client.set_cookie("access_token_cookie", token[:-3] + "xyz")
    client.delete_cookie("refresh_token_cookie")
    response = client.get("/portal", headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


# Revocation -----------------------------------------------------------------------


def test_portal_logout_revokes_the_cookies_tokens(client, recruiter):
    page_login(client, recruiter)
    access = client.get_cookie("access_token_cookie").value
    refresh = client.get_cookie("refresh_token_cookie").value
    csrf = client.get_cookie("csrf_access_token").value
    client.post("/logout", data={"csrf_token": csrf})
    bearer = {"Authorization": f"Bearer {access}"}
    assert_error(client.get(ME, headers=bearer), 401, "AUTH_ERROR")
    renewed = client.post(
        "/api/v1/auth/refresh", headers={"Authorization": f"Bearer {refresh}"}
    )
    assert_error(renewed, 401, "AUTH_ERROR")


def test_a_password_change_revokes_every_other_session(app, client, api, recruiter):
    other = api.login(recruiter)
    csrf = page_login(client, recruiter)
    response = client.post(
        "/profile/password",
        data={
            "csrf_token": csrf,
            "current_password": factories.DEFAULT_PASSWORD,
            "new_password": "Changed2026",
        },
    )
    assert response.status_code == 302
    assert_error(api.get(ME), 401, "AUTH_ERROR")
    refresh = api.post("/api/v1/auth/refresh", token=other["refresh_token"])
    assert_error(refresh, 401, "AUTH_ERROR")
    # The browser that changed it carries on with fresh cookies.
    assert client.get("/profile", headers=HTML).status_code == 200


def test_deactivation_revokes_every_token_for_good(app, api, admin, recruiter):
    victim = factories.ApiClient(app.test_client())
    tokens = victim.login(recruiter)
    browser = app.test_client()
    page_login(browser, recruiter)
    api.login(admin)
    url = f"/api/v1/admin/users/{recruiter.id}"
    assert api.patch(url, json={"is_active": False}).status_code == 200
    assert_error(victim.get(ME), 401, "AUTH_ERROR")
    refresh = victim.post("/api/v1/auth/refresh", token=tokens["refresh_token"])
    assert_error(refresh, 401, "AUTH_ERROR")
    portal = browser.get("/portal", headers=HTML)
    assert portal.status_code == 302 and portal.headers["Location"].startswith("/login")
    # Reactivating lets them sign in again, but the old tokens stay dead.
    assert api.patch(url, json={"is_active": True}).status_code == 200
    assert_error(victim.get(ME), 401, "AUTH_ERROR")
    assert victim.login(recruiter)["access_token"]


# CSRF -----------------------------------------------------------------------------


def test_cookie_api_calls_need_the_csrf_header(app, client, recruiter, other_recruiter):
    own = page_login(client, recruiter)
    other_browser = app.test_client()
    foreign = page_login(other_browser, other_recruiter)
    body = {"full_name": "Changed Name"}

    missing = client.patch("/api/v1/users/me", json=body)
    assert "CSRF" in assert_error(missing, 401, "AUTH_ERROR")["message"]
    stolen = client.patch(
        "/api/v1/users/me", json=body, headers={"X-CSRF-TOKEN": foreign}
    )
    assert "CSRF" in assert_error(stolen, 401, "AUTH_ERROR")["message"]
    db.session.refresh(recruiter)
    assert recruiter.full_name == "Rita Recruiter"

    good = client.patch("/api/v1/users/me", json=body, headers={"X-CSRF-TOKEN": own})
    assert good.status_code == 200


def test_portal_forms_need_this_sessions_csrf_token(
    app, client, recruiter, other_recruiter
):
    own = page_login(client, recruiter)
    foreign = page_login(app.test_client(), other_recruiter)
    form = {"full_name": "Changed Name", "username": "rita"}

    missing = client.post("/profile", data=form, headers=HTML)
    stolen = client.post("/profile", data={**form, "csrf_token": foreign}, headers=HTML)
    for response in (missing, stolen):
        assert response.status_code == 403
        assert "did not come from Viva" in response.get_data(as_text=True)
    db.session.refresh(recruiter)
    assert recruiter.full_name == "Rita Recruiter"
    good = client.post("/profile", data={**form, "csrf_token": own})
    assert good.status_code == 302


def test_bearer_requests_need_no_csrf(api, recruiter):
    api.login(recruiter)
    response = api.patch("/api/v1/users/me", json={"full_name": "Bearer Name"})
    assert response.status_code == 200
