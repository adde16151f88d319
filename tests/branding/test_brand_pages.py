"""The brand on the pages candidates and applicants see, in their emails, and on the
product's edit page."""

import io
import re

import pytest

from app.branding import service as branding
from app.extensions import db
from app.invitations.delivery import render_invitation_email
from app.invitations.tokens import consent_form_token
from app.live import conductor
from app.live.participants import COOKIE_NAME, participant_token
from app.models import Product
from app.rights.receipts import render_receipt
from tests import factories
from tests.support import images
from tests.support.hiring import make_opening

HTML = {"Accept": "text/html"}

pytestmark = pytest.mark.product(name="Acme Robotics")


@pytest.fixture
def branded(product, recruiter):
    """The product with a logo and a teal accent: its logo's URL."""
    branding.set_logo(recruiter, product, images.png())
    branding.set_accent_color(recruiter, product, "#0f766e")
    db.session.commit()
    return f"/brand/products/{product.id}/logo/{product.logo_digest[:32]}"


def _assert_branded(html: str, logo_url: str):
    assert f'<img class="brand__logo" src="{logo_url}" alt="Acme Robotics">' in html
    assert "--color-primary: #0f766e;" in html
    assert "--color-on-primary: #ffffff;" in html
    assert "site-header--branded" in html


def test_the_candidate_link_pages_carry_the_brand(client, interview, branded):
    invitation, token = factories.make_invitation(interview)
    response = client.get(f"/i/{token}", headers=HTML)
    welcome = response.get_data(as_text=True)
    _assert_branded(welcome, branded)
    # The colours are a <style> the page's CSP allows by its nonce.
    nonce = re.search(r'<style nonce="([^"]+)">\s*:root', welcome)[1]
    policy = response.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'nonce-{nonce}'" in policy
    form = {"consent": "1", "csrf_token": consent_form_token(invitation.token_hash)}
    client.post(f"/i/{token}", data=form)
    ready = client.get(f"/i/{token}/ready", headers=HTML).get_data(as_text=True)
    _assert_branded(ready, branded)


def test_the_room_and_its_ending_carry_the_brand(client, interview, branded):
    invitation, _ = factories.make_invitation(interview)
    session = conductor.start_session(invitation)
    db.session.commit()
    client.set_cookie(COOKIE_NAME, participant_token(session.id, invitation.id))
    _assert_branded(client.get("/interview").get_data(as_text=True), branded)
    session.status = "completed"
    db.session.commit()
    ending = client.get("/interview/experience").get_data(as_text=True)
    _assert_branded(ending, branded)


def test_an_unbranded_product_keeps_the_default_look(client, interview):
    _, token = factories.make_invitation(interview)
    html = client.get(f"/i/{token}", headers=HTML).get_data(as_text=True)
    assert "brand__logo" not in html and "--color-primary:" not in html
    assert 'class="brand__name">Viva<' in html


def test_a_light_colour_reads_on_the_page(client, interview, product, recruiter):
    branding.set_accent_color(recruiter, product, "#facc15")
    db.session.commit()
    _, token = factories.make_invitation(interview)
    html = client.get(f"/i/{token}", headers=HTML).get_data(as_text=True)
    assert "--color-primary: #facc15;" in html
    assert "--color-on-primary: #141627;" in html  # dark text on the yellow buttons
    text = re.search(r"--color-primary-text: (#[0-9a-f]{6});", html)[1]
    assert text != "#facc15"  # links use a darker shade


def test_the_invitation_reminder_and_receipt_emails_carry_the_brand(
    app, interview, branded
):
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    invitation, token = factories.make_invitation(interview)
    for reminder in (False, True):
        email = render_invitation_email(invitation, token, reminder=reminder)
        assert f'<img src="{base}{branded}" alt="Acme Robotics"' in email.html
        assert "background:#0f766e;" in email.html and "#4f46e5" not in email.html
    session = conductor.start_session(invitation)
    session.status = "completed"
    db.session.commit()
    _subject, _text, html = render_receipt(session, {})
    assert f'<img src="{base}{branded}"' in html and "background:#0f766e;" in html


def test_an_unbranded_invitation_email_has_no_image(interview):
    invitation, token = factories.make_invitation(interview)
    email = render_invitation_email(invitation, token)
    assert "<img" not in email.html and "background:#4f46e5;" in email.html


def test_the_public_opening_and_its_card_carry_the_brand(
    client, recruiter, product, branded
):
    opening = make_opening(recruiter, product, title="Robot Whisperer")
    other = make_opening(recruiter, factories.make_product(recruiter), title="Plain")
    job = client.get(f"/jobs/{opening.id}", headers=HTML).get_data(as_text=True)
    assert f'<img class="job-detail__logo" src="{branded}"' in job
    assert "--color-primary: #0f766e;" in job
    board = client.get("/jobs", headers=HTML).get_data(as_text=True)
    assert f".job-card--brand-{product.id} {{ --job-accent: #0f766e;" in board
    assert f'class="job-card__logo" src="{branded}"' in board
    assert f"job-card--brand-{other.product_id}" not in board
    plain = client.get(f"/jobs/{other.id}", headers=HTML).get_data(as_text=True)
    assert "job-detail__logo" not in plain and "--color-primary:" not in plain


@pytest.fixture
def portal(client, recruiter):
    client.post("/login", data={"email": recruiter.email, "password": "Passw0rdOk"})
    return client


def test_the_edit_page_saves_colour_and_logo(portal, product):
    csrf = portal.get_cookie("csrf_access_token").value
    response = portal.post(
        f"/portal/products/{product.id}/brand",
        data={
            "csrf_token": csrf,
            "accent_color": "#FACC15",
            "logo": (io.BytesIO(images.webp()), "logo.webp"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    saved = db.session.get(Product, product.id, populate_existing=True)
    assert saved.accent_color == "#facc15" and saved.logo_digest
    page = portal.get(response.headers["Location"], headers=HTML)
    html = page.get_data(as_text=True)
    assert "Branding saved." in html and "dark text" in html
    assert 'class="brand-preview__logo"' in html

    bad = portal.post(
        f"/portal/products/{product.id}/brand",
        data={
            "csrf_token": csrf,
            "accent_color": "#facc15",
            "logo": (io.BytesIO(b"<html>hi</html>"), "logo.png"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Use a PNG, JPEG or WebP image" in bad.get_data(as_text=True)
    assert db.session.get(Product, product.id).logo_digest == saved.logo_digest

    removed = portal.post(
        f"/portal/products/{product.id}/brand/logo/remove",
        data={"csrf_token": csrf},
        follow_redirects=True,
    )
    assert "Logo removed." in removed.get_data(as_text=True)
    assert (
        db.session.get(Product, product.id, populate_existing=True).logo_digest is None
    )
