"""One error envelope for the API, HTML pages for browsers, for every failure."""

import pytest
from flask import Blueprint
from sqlalchemy.pool import StaticPool

from app import create_app
from app.errors import Conflict
from tests.support.asserts import assert_error


def test_unknown_api_path_is_a_json_404(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "NOT_FOUND")


def test_unknown_page_is_an_html_404(client):
    response = client.get("/nothing-here", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)


def test_json_clients_get_json_errors_outside_the_api(client):
    response = client.get("/nothing-here", headers={"Accept": "application/json"})
    assert_error(response, 404, "NOT_FOUND")


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/api/v1/health")
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in response.headers["Allow"]


def test_oversized_body_is_413(client):
    response = client.post(
        "/api/v1/auth/login",
        data="x" * (3 * 1024 * 1024),
        content_type="application/json",
    )
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


@pytest.fixture
def probe_app():
    """A separate app with routes that fail on purpose, for the 409/500 paths."""
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI="sqlite://",
        SQLALCHEMY_ENGINE_OPTIONS={"poolclass": StaticPool},
    )
    probe = Blueprint("probe", __name__)

    @probe.get("/api/v1/probe/conflict")
    def conflict():
        raise Conflict("Already there", details={"name": ["taken"]})

    @probe.get("/api/v1/probe/crash")
    def crash_api():
        raise RuntimeError("secret internals")

    @probe.get("/probe/crash")
    def crash_page():
        raise RuntimeError("secret internals")

    application.register_blueprint(probe)
    return application


def test_app_errors_carry_their_details(probe_app):
    error = assert_error(
        probe_app.test_client().get("/api/v1/probe/conflict"), 409, "CONFLICT"
    )
    assert error == {
        "code": "CONFLICT",
        "message": "Already there",
        "details": {"name": ["taken"]},
    }


def test_unexpected_errors_are_500_without_internals(probe_app):
    client = probe_app.test_client()
    error = assert_error(client.get("/api/v1/probe/crash"), 500, "INTERNAL_ERROR")
    assert "secret" not in error["message"]
    page = client.get("/probe/crash", headers={"Accept": "text/html"})
    assert page.status_code == 500
    assert page.mimetype == "text/html"
    assert "secret internals" not in page.get_data(as_text=True)


def test_health_is_503_when_the_database_is_down():
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 1}},
    )
    response = application.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "error"}


def test_ids_beyond_the_database_range_are_404(api, recruiter):
    api.login(recruiter)
    assert_error(api.get("/api/v1/products/99999999999"), 404, "NOT_FOUND")
    assert_error(api.get("/api/v1/interviews/2147483648"), 404, "NOT_FOUND")
