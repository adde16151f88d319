"""Revocations live in the database with Redis as a cache: a Redis that restarts
empty brings no logged-out or rotated token back; with Redis down, signed-in pages
and the API keep answering (never 500) and logout still revokes. Each test runs a
private redis-server it may stop, never the shared one."""

import jwt as pyjwt
import pytest

from app.auth.tokens import CACHE_COMPLETE_KEY, REDIS_PREFIX
from app.models import RevokedToken
from tests.factories import page_login
from tests.support.asserts import assert_error
from tests.support.fanout import PrivateRedis

ME = "/api/v1/auth/me"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"


@pytest.fixture
def private_redis(app, tmp_path, monkeypatch):
    """The app's revocation cache pointed at a redis-server of this test's own."""
    server = PrivateRedis(tmp_path).start()
    monkeypatch.setitem(app.config, "REDIS_URL", server.url)
    app.extensions.pop("viva_redis", None)
    yield server
    server.stop()
    app.extensions.pop("viva_redis", None)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_logout_and_rotation_survive_a_redis_restart(api, recruiter, private_redis):
    first = api.login(recruiter)
    rotated = api.client.post(REFRESH, headers=bearer(first["refresh_token"]))
    assert rotated.status_code == 200
    second = rotated.get_json()
    assert (
        api.client.post(LOGOUT, headers=bearer(second["access_token"])).status_code
        == 204
    )
    stored = {row.jti for row in RevokedToken.query.all()}
    old_refresh = pyjwt.decode(
        first["refresh_token"], options={"verify_signature": False}
    )
    assert old_refresh["jti"] in stored and old_refresh["sid"] in stored

    private_redis.stop()
    private_redis.start()  # same port, nothing in it
    assert_error(
        api.client.get(ME, headers=bearer(second["access_token"])), 401, "AUTH_ERROR"
    )
    assert_error(
        api.client.post(REFRESH, headers=bearer(first["refresh_token"])),
        401,
        "AUTH_ERROR",
    )
    # The first check after the restart copied the revocations back into the cache.
    cache = private_redis_client(private_redis)
    assert cache.exists(CACHE_COMPLETE_KEY)
    assert cache.exists(REDIS_PREFIX + old_refresh["sid"])


def private_redis_client(server):
    import redis

    return redis.Redis.from_url(server.url)


def test_a_refresh_token_rotates_once(api, recruiter, private_redis):
    tokens = api.login(recruiter)
    assert (
        api.client.post(REFRESH, headers=bearer(tokens["refresh_token"])).status_code
        == 200
    )
    again = api.client.post(REFRESH, headers=bearer(tokens["refresh_token"]))
    assert_error(again, 401, "AUTH_ERROR")


def test_with_redis_down_pages_and_api_answer_and_logout_revokes(
    client, api, recruiter, private_redis
):
    tokens = api.login(recruiter)
    page_login(client, recruiter)
    private_redis.stop()

    assert api.get(ME).status_code == 200
    page = client.get("/portal", headers={"Accept": "text/html"})
    assert page.status_code == 200
    missing = client.get("/portal/no-such-page", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert "Page not found" in missing.get_data(as_text=True)  # the page renders

    assert api.post(LOGOUT).status_code == 204
    assert_error(api.get(ME), 401, "AUTH_ERROR")
    assert_error(
        api.client.post(REFRESH, headers=bearer(tokens["refresh_token"])),
        401,
        "AUTH_ERROR",
    )
    csrf = client.get_cookie("csrf_access_token").value
    left = client.post("/logout", data={"csrf_token": csrf})
    assert left.status_code == 302

    private_redis.start()  # back, empty: the database still knows
    assert_error(api.get(ME), 401, "AUTH_ERROR")


def test_an_unreachable_redis_answers_503_not_500(app, private_redis):
    """Whatever still needs Redis when it is away gets the envelope with 503."""
    import redis

    private_redis.stop()
    probe_app = type(app)(app.import_name)  # a bare app with Viva's error handlers
    from app.errors import register_error_handlers
    from app.extensions import db as _db

    probe_app.config.update(
        SQLALCHEMY_DATABASE_URI="sqlite://", SQLALCHEMY_ENGINE_OPTIONS={}
    )
    _db.init_app(probe_app)
    register_error_handlers(probe_app)

    @probe_app.get("/api/v1/needs-redis")
    def needs_redis():
        redis.Redis.from_url(private_redis.url, socket_connect_timeout=1).ping()
        return {}

    response = probe_app.test_client().get("/api/v1/needs-redis")
    error = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert "try again" in error["message"]
    assert response.headers["Retry-After"]
