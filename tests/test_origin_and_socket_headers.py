"""Login CSRF from browsers that send no fetch metadata is refused by Origin; the
responses Socket.IO answers before Flask sees the request carry the security headers."""

import pytest

from tests.factories import page_login

PASSWORD = "Passw0rdOk"
FOREIGN = ["https://evil.example", "http://127.0.0.1:9", "null", "not a url"]


def login_data(user) -> dict:
    return {"email": user.email, "password": PASSWORD}


@pytest.mark.parametrize("origin", FOREIGN)
@pytest.mark.parametrize("path", ["/login", "/register"])
def test_forms_with_a_foreign_origin_and_no_fetch_metadata_are_refused(
    client, recruiter, path, origin
):
    response = client.post(path, data=login_data(recruiter), headers={"Origin": origin})
    assert response.status_code == 403
    assert "another site" in response.get_data(as_text=True)
    assert client.get_cookie("access_token_cookie") is None


@pytest.mark.parametrize(
    "origin", ["http://localhost", "http://LOCALHOST:80", "http://127.0.0.1:5000"]
)
def test_our_own_origin_signs_in(app, client, recruiter, origin, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    response = client.post(
        "/login", data=login_data(recruiter), headers={"Origin": origin}
    )
    assert response.status_code == 302
    assert client.get_cookie("access_token_cookie") is not None


def test_fetch_metadata_wins_over_origin(client, recruiter):
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"}
    assert (
        client.post("/login", data=login_data(recruiter), headers=same).status_code
        == 403
    )


def test_bearer_api_calls_are_not_judged_by_origin(api, recruiter):
    api.login(recruiter)
    response = api.post(
        "/api/v1/auth/logout", headers={"Origin": "https://integration.example"}
    )
    assert response.status_code == 204


def test_socketio_polling_answers_carry_the_security_headers(client, recruiter):
    page_login(client, recruiter)
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("0{")  # an engine.io handshake
    headers = response.headers
    assert headers["Content-Security-Policy"] == (
        "default-src 'none'; frame-ancestors 'none'"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    refused = client.get("/socket.io/?EIO=4&transport=polling&sid=unknown")
    assert refused.status_code == 400
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
