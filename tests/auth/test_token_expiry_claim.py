"""A validly signed token without `exp` would work for ever: it is refused, as a bearer
token and as the portal's cookie."""

import jwt as pyjwt
import pytest

from tests.support.asserts import assert_error


def without_exp(app, token: str) -> str:
    claims = pyjwt.decode(token, options={"verify_signature": False})
    claims.pop("exp")
    return pyjwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_bearer_token_without_exp_is_refused(app, api, recruiter):
    tokens = api.login(recruiter)
    forged = without_exp(app, tokens["access_token"])
    assert_error(api.get("/api/v1/auth/me", token=forged), 401, "AUTH_ERROR")
    refresh = without_exp(app, tokens["refresh_token"])
    assert_error(api.post("/api/v1/auth/refresh", token=refresh), 401, "AUTH_ERROR")


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_portal_cookie_without_exp_is_not_signed_in(app, client, api, recruiter):
    tokens = api.login(recruiter)
    client.set_cookie("access_token_cookie", without_exp(app, tokens["access_token"]))
    page = client.get("/portal", headers={"Accept": "text/html"})
    assert page.status_code == 302
    assert "/login" in page.headers["Location"]
