"""Security headers and cookie flags, on a crawl of every page and API route.

Every route of the app is requested (GETs as an admin and anonymously, other methods
anonymously) with ids of real records. Every answer, whatever its status, must carry
the CSP with a fresh nonce and the other headers; every HTML page may run scripts only
with that nonce; dynamic answers are never cached. Then the cookies: HttpOnly except the
CSRF one, SameSite deliberately, Secure and HSTS in production, and ProxyFix.
"""

import re

import pytest

from app import create_app
from app.branding import service as branding
from app.extensions import db
from app.integrations import api_keys, webhooks
from app.invitations.tokens import consent_form_token
from app.live import conductor
from app.live.participants import COOKIE_NAME
from app.models import utcnow
from config import ProductionConfig
from tests import factories
from tests.factories import page_login
from tests.support import images
from tests.support.hiring import make_opening, submit
from tests.support.production import PII_SECRETS

HTML = {"Accept": "text/html"}
# Cached: static files, and product logos (one URL per version of the image).
STATIC_ENDPOINTS = {"static", "flasgger.static", "products.brand_logo"}
STATIC_FILES = {"static": "css/base.css", "flasgger.static": "swagger-ui.css"}
_ARGUMENT = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>")
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
_STYLE = re.compile(r"<style\b([^>]*)>", re.I)
_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
_STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


@pytest.fixture
def records(admin, recruiter):
    """One record of every kind the routes take an id of."""
    category = factories.make_category(recruiter)
    product = factories.make_product(recruiter, category_id=category.id)
    branding.set_logo(recruiter, product, images.png())
    branding.set_accent_color(recruiter, product, "#0f766e")
    interview = factories.make_interview(product, status="active")
    invitation, token = factories.make_invitation(interview, consented_at=utcnow())
    started, _ = factories.make_invitation(interview)
    session = conductor.start_session(started)
    key, _raw = api_keys.create_api_key(recruiter, name="ci", scopes=["read"])
    endpoint = webhooks.create_endpoint(
        recruiter, url="https://hooks.example.com/x", events=["evaluation.ready"]
    )
    [delivery] = webhooks.emit(recruiter, "evaluation.ready", {"session_id": 1})
    delivery.status = "failed"  # no attempt at example.com from this test
    opening = make_opening(recruiter, product, interview_id=interview.id)
    application, _applicant_token = submit(opening)
    db.session.commit()
    return {
        "opening_id": opening.id,
        "job_id": opening.id,
        "application_id": application.id,
        "key_id": key.id,
        "endpoint_id": endpoint.id,
        "delivery_id": delivery.id,
        "category_id": category.id,
        "product_id": product.id,
        "interview_id": interview.id,
        "question_id": interview.questions[0].id,
        "invitation_id": invitation.id,
        "session_id": session.id,
        "user_id": recruiter.id,
        "workspace_id": product.workspace_id,
        "evaluation_id": 1,  # none: the expert routes answer 404
        "token": token,
        "digest": product.logo_digest[:32],  # the product logo's version
        "signed": "not-signed",  # a receipt's request link (unknown: 404)
        "request_id": 1,  # a request for a person (none: 404)
        "jd_id": 1,  # a practice job description (none: the route answers 404)
        "meeting_id": 1,  # none: the routes answer 404, with the headers all the same
        "data_request_id": 1,  # a data request (none: the route answers 404)
    }


def route_urls(app, records) -> list[tuple[str, str, str]]:
    """(method, url, endpoint) for every route and method of the app."""
    urls = []
    for rule in app.url_map.iter_rules():
        values = dict(records, filename=STATIC_FILES.get(rule.endpoint, "x"))
        url = _ARGUMENT.sub(lambda m, v=values: str(v[m.group(1)]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, url, rule.endpoint))
    return urls


def csp_of(response) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(" ", 1) for part in policy.split(";") if part)
    return {name: value for name, value in directives}


def check_headers(response, endpoint: str, where: str) -> str:
    """Assert the security headers; returns the response's CSP nonce."""
    csp = csp_of(response)
    assert csp.get("object-src") == "'none'", where
    assert csp.get("base-uri") == "'none'", where
    assert csp.get("frame-ancestors") == "'none'", where
    assert csp.get("default-src") == "'self'", where
    script_src = csp.get("script-src", "")
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    nonce = re.search(r"'nonce-([A-Za-z0-9_-]{20,})'", script_src)
    assert nonce, where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["X-Frame-Options"] == "DENY", where
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer"), where
    if endpoint not in STATIC_ENDPOINTS:
        assert response.headers["Cache-Control"] == "no-store", where
    assert "Strict-Transport-Security" not in response.headers  # not in testing
    return nonce.group(1)


def check_page(html: str, nonce: str, where: str) -> None:
    """Scripts and styles only with this response's nonce; nothing else inline."""
    for attributes in _SCRIPT.findall(html) + _STYLE.findall(html):
        assert f'nonce="{nonce}"' in attributes, f"{where}: <script{attributes}>"
    assert not _HANDLER.search(html), f"{where}: inline event handler"
    assert not _STYLE_ATTRIBUTE.search(html), f"{where}: inline style attribute"
    assert "javascript:" not in html.lower(), where


def crawl(client, urls, methods) -> dict:
    seen = {"responses": 0, "pages": 0, "nonces": set()}
    for method, url, endpoint in urls:
        if method not in methods:
            continue
        response = client.open(url, method=method, headers=HTML)
        where = f"{method} {url} -> {response.status_code}"
        nonce = check_headers(response, endpoint, where)
        seen["nonces"].add(nonce)
        seen["responses"] += 1
        if response.mimetype == "text/html":
            check_page(response.get_data(as_text=True), nonce, where)
            seen["pages"] += 1
        check_cookies(response, where)
    return seen


def set_cookies(response) -> dict[str, str]:
    return {
        header.split("=", 1)[0]: header
        for header in response.headers.getlist("Set-Cookie")
    }


def check_cookies(response, where: str, secure: bool = False) -> None:
    for name, header in set_cookies(response).items():
        flags = {part.strip().lower() for part in header.split(";")[1:]}
        if "expires=thu, 01 jan 1970 00:00:00 gmt" in flags:
            continue  # a cookie being deleted
        assert ("httponly" in flags) != name.startswith("csrf_"), f"{where}: {name}"
        assert "samesite=lax" in flags, f"{where}: {name}"
        assert ("secure" in flags) == secure, f"{where}: {name}"


def test_every_route_answers_with_the_security_headers(app, client, records, admin):
    urls = route_urls(app, records)
    page_login(client, admin)
    as_admin = crawl(client, urls, {"GET"})
    anonymous = crawl(
        app.test_client(), urls, {"GET", "POST", "PUT", "PATCH", "DELETE"}
    )
    assert as_admin["responses"] >= 50 and as_admin["pages"] >= 25, as_admin
    assert anonymous["responses"] > len([u for u in urls if u[0] == "GET"])
    # A fresh nonce for every response.
    total = as_admin["responses"] + anonymous["responses"]
    assert len(as_admin["nonces"] | anonymous["nonces"]) == total


def test_candidate_pages_keep_their_stricter_headers(client, records):
    response = client.get(f"/i/{records['token']}/ready", headers=HTML)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    check_page(response.get_data(as_text=True), check_headers(response, "x", "i"), "i")


def test_swagger_ui_runs_from_nonce_scripts_only(client):
    response = client.get("/docs/", headers=HTML)
    nonce = check_headers(response, "flasgger.apidocs", "/docs/")
    html = response.get_data(as_text=True)
    check_page(html, nonce, "/docs/")
    assert "fonts.googleapis.com" not in html
    assert html.count(f'nonce="{nonce}"') == 3


def test_login_cookies_are_httponly_except_csrf_and_samesite_lax(client, recruiter):
    response = client.post(
        "/login", data={"email": recruiter.email, "password": "Passw0rdOk"}
    )
    cookies = set_cookies(response)
    assert {"access_token_cookie", "refresh_token_cookie", "csrf_access_token"} <= set(
        cookies
    )
    check_cookies(response, "login")
    assert client.get_cookie("access_token_cookie").http_only
    assert not client.get_cookie("csrf_access_token").http_only


def test_the_participant_cookie_is_httponly(client, records):
    from app.models import Invitation

    invitation = db.session.get(Invitation, records["invitation_id"])
    response = client.post(
        f"/i/{records['token']}/start",
        data={"csrf_token": consent_form_token(invitation.token_hash)},
    )
    assert COOKIE_NAME in set_cookies(response)
    check_cookies(response, "start")


@pytest.fixture
def production_app():
    secrets = {"SECRET_KEY": "s" * 48, "JWT_SECRET_KEY": "j" * 48, **PII_SECRETS}
    config = type("Prod", (ProductionConfig,), secrets)
    application = create_app(config, SQLALCHEMY_DATABASE_URI="sqlite://")
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.drop_all()


def test_production_sets_secure_cookies_and_hsts(production_app):
    user = factories.make_user(email="prod@example.com", username="prod")
    client = production_app.test_client()
    response = client.post(
        "/login",
        data={"email": user.email, "password": factories.DEFAULT_PASSWORD},
        base_url="https://viva.example.com",
    )
    assert response.status_code == 302
    check_cookies(response, "production login", secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"


def test_proxy_fix_trusts_forwarded_addresses_only_when_configured(app):
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    direct = app.test_client().get("/api/v1/health", headers=forwarded)
    assert direct.status_code == 200  # nothing to see: no proxy is trusted here

    proxied = create_app(
        "testing", SQLALCHEMY_DATABASE_URI="sqlite://", PROXY_FIX_HOPS=1
    )
    seen = {}

    @proxied.get("/__whoami")
    def whoami():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme)
        return ""

    proxied.test_client().get("/__whoami", headers=forwarded)
    assert seen == {"addr": "203.0.113.9", "scheme": "https"}

    plain = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")

    @plain.get("/__whoami")
    def whoami_plain():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme)
        return ""

    plain.test_client().get("/__whoami", headers=forwarded)
    assert seen == {"addr": "127.0.0.1", "scheme": "http"}


@pytest.mark.parametrize("path", ["/login", "/register", "/forgot-password"])
def test_forms_posted_from_another_site_are_refused(client, recruiter, path):
    data = {"email": recruiter.email, "password": "Passw0rdOk"}
    cross = client.post(path, data=data, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    assert client.get_cookie("access_token_cookie") is None
    same = client.post(path, data=data, headers={"Sec-Fetch-Site": "same-origin"})
    assert same.status_code != 403


def test_api_clients_without_fetch_metadata_are_not_affected(client, recruiter):
    response = client.post(
        "/api/v1/auth/login", json={"email": recruiter.email, "password": "Passw0rdOk"}
    )
    assert response.status_code == 200
    cross = client.post(
        "/api/v1/auth/login",
        json={"email": recruiter.email, "password": "Passw0rdOk"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 403 and cross.get_json()["error"]["code"] == "FORBIDDEN"
