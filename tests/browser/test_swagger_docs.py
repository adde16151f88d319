"""Swagger UI at /docs works end to end for an admin, and is closed to everyone else.

The server runs with DOCS_ACCESS=admin (production's default): anonymous visitors are
sent to the login page, recruiters are refused, and an admin logs in through the API
from Swagger UI itself, presses Authorize and calls a protected endpoint.
"""

import json

import pytest
from playwright.sync_api import expect

from app import create_app
from app.extensions import db
from tests import factories
from tests.support.live_server import LiveServer

ADMIN_EMAIL = "root.admin@example.com"


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    server = LiveServer(
        tmp_path_factory.mktemp("docs-server"), overrides={"DOCS_ACCESS": "admin"}
    ).start()
    seeding = create_app("testing", SQLALCHEMY_DATABASE_URI=server.database_url)
    with seeding.app_context():
        factories.make_user(email=ADMIN_EMAIL, username="rootadmin", role="admin")
        factories.make_user(email="plain.recruiter@example.com", username="plainrec")
        db.engine.dispose()
    yield server
    server.stop()


def portal_login(page, email):
    page.goto("/login")
    page.fill("#f-email", email)
    page.fill("#f-password", factories.DEFAULT_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/portal")


def operation(page, path, method):
    """The Swagger UI block of one operation."""
    summary = page.locator(f'.opblock-summary-path[data-path="{path}"]')
    return page.locator(f".opblock-{method}", has=summary).first


def execute(block, body=None):
    block.locator(".opblock-summary").click()
    block.locator(".try-out__btn").click()
    if body is not None:
        block.locator("textarea.body-param__text").fill(json.dumps(body))
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_be_visible()
    return status, block.locator(
        ".live-responses-table .response-col_description .microlight"
    ).first


def test_docs_are_for_admins_and_work_end_to_end(page, screenshot):
    page.goto("/docs/")
    assert "/login" in page.url
    portal_login(page, "plain.recruiter@example.com")
    response = page.goto("/docs/")
    assert response.status == 403
    screenshot(page, "01-docs-refused-for-recruiter")
    page.context.clear_cookies()

    portal_login(page, ADMIN_EMAIL)
    page.goto("/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Viva API")
    screenshot(page, "02-docs-loaded")

    login = operation(page, "/api/v1/auth/login", "post")
    status, body = execute(
        login, {"email": ADMIN_EMAIL, "password": factories.DEFAULT_PASSWORD}
    )
    expect(status).to_have_text("200")
    token = json.loads(body.inner_text())["access_token"]
    screenshot(page, "03-login-executed")

    page.locator(".auth-wrapper .authorize").click()
    modal = page.locator(".modal-ux")
    # Two schemes (bearerAuth for tokens, apiKey for vk_ keys): use the token's.
    scheme = modal.locator(".auth-container").filter(has_text="bearerAuth")
    scheme.locator("input").first.fill(token)
    scheme.locator(".auth-btn-wrapper .authorize").click()
    modal.locator(".btn-done").first.click()

    # With the cookies gone, only the Bearer token from Authorize can work.
    page.context.clear_cookies()
    me = operation(page, "/api/v1/auth/me", "get")
    status, body = execute(me)
    expect(status).to_have_text("200")
    assert json.loads(body.inner_text())["email"] == ADMIN_EMAIL
    screenshot(page, "04-me-with-bearer")
