"""A portal page decodes and checks its access token once per request.

The count comes from flask-jwt-extended's decode-key hook, which runs on every
signature-checked decode (ours and the library's)."""

import pytest

from app.extensions import db, jwt
from tests import factories


@pytest.fixture
def decodes():
    """Records the type of every token whose signature is checked."""
    seen: list[str] = []
    original = jwt._decode_key_callback

    def counting_key(header, claims):
        seen.append(claims.get("type"))
        return original(header, claims)

    jwt.decode_key_loader(counting_key)
    yield seen
    jwt.decode_key_loader(original)


def test_a_portal_page_checks_the_access_token_once(client, recruiter, decodes):
    factories.page_login(client, recruiter)
    decodes.clear()
    response = client.get("/portal")
    assert response.status_code == 200
    assert recruiter.full_name in response.get_data(as_text=True)
    assert decodes == ["access"]


def test_a_public_page_checks_the_signed_in_user_once(client, recruiter, decodes):
    factories.page_login(client, recruiter)
    decodes.clear()
    response = client.get("/")
    assert response.status_code == 200
    assert decodes == ["access"]


def test_a_stale_access_cookie_is_replaced_then_checked_once(
    app, client, recruiter, decodes
):
    factories.page_login(client, recruiter)
    client.delete_cookie(app.config["JWT_ACCESS_COOKIE_NAME"])
    decodes.clear()
    response = client.get("/portal")
    assert response.status_code == 200
    # The refresh cookie is checked to mint the new access token, which is checked
    # once when the page authenticates; flask-jwt-extended's set_access_cookies reads
    # the new token once more for its CSRF value (once per token lifetime).
    assert decodes == ["refresh", "access", "access"]


def test_a_revoked_session_is_still_refused(client, recruiter, decodes):
    factories.page_login(client, recruiter)
    recruiter.token_version += 1
    db.session.commit()
    response = client.get("/portal")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
