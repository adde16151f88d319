"""Candidate pages and the invitation email speak the interview's language."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.invitations.delivery import render_invitation_email
from app.models import utcnow
from tests import factories

pytestmark = pytest.mark.product(name="Acme Robotics")


def invite(product, language: str, **fields):
    interview = factories.make_interview(
        product,
        questions=3,
        status="active",
        language=language,
        role_title="Platform Engineer",
        persona_name="Robin",
        time_limit_minutes=35,
    )
    return factories.make_invitation(interview, name="Jane Doe", **fields)


def page(client, token: str) -> str:
    response = client.get(f"/i/{token}", headers={"Accept": "text/html"})
    return response.get_data(as_text=True)


def test_the_welcome_page_in_french(client, product):
    _, token = invite(product, "fr")
    html = page(client, token)
    assert '<html lang="fr">' in html
    for text in (
        "Votre entretien pour Platform Engineer",
        "Bonjour Jane Doe, Acme Robotics vous invite à un entretien structuré.",
        "Votre intervieweur est une IA, Robin",
        "Utilisation de vos données",
        "Je comprends que mon intervieweur est une IA",
        ">Continuer</button>",
        "Entretien avec <strong>Acme Robotics</strong>",
    ):
        assert text in html, text
    assert "How it works" not in html and "Your interview for" not in html


def test_the_consent_form_answers_in_german_and_the_ready_page_follows(client, product):
    _, token = invite(product, "de-AT")  # a regional code gets its language
    html = page(client, token)
    assert '<html lang="de">' in html
    assert "Ihr Interview für Platform Engineer" in html
    assert "So funktioniert's" in html or "So funktioniert&#39;s" in html
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    refused = client.post(f"/i/{token}", data={"csrf_token": csrf})
    assert refused.status_code == 422
    assert "Setzen Sie das Häkchen, um zuzustimmen" in refused.get_data(as_text=True)
    agreed = client.post(
        f"/i/{token}", data={"csrf_token": csrf, "consent": "1"}, follow_redirects=True
    )
    ready = agreed.get_data(as_text=True)
    assert "Sie sind bereit, Jane Doe" in ready
    assert "Interview starten" in ready


def test_an_expired_link_says_so_in_spanish(client, product):
    invitation, token = invite(product, "es", expires_at=utcnow() - timedelta(days=1))
    response = client.get(f"/i/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "Esta invitación ha caducado" in html
    assert "Si aún quieres participar, pide a Acme Robotics" in html
    assert "diciembre" in html or " de 20" in html  # the date in Spanish words


def test_a_language_without_a_catalog_falls_back_to_english(client, product):
    _, token = invite(product, "ja")
    html = page(client, token)
    assert '<html lang="en">' in html
    assert "Your interview for Platform Engineer" in html


def test_a_spanish_page_leaves_the_next_english_page_english(client, product):
    _, spanish = invite(product, "es")
    _, english = invite(product, "en")
    assert "Tu entrevista para" in page(client, spanish)
    assert "Your interview for" in page(client, english)


def test_the_invitation_email_in_spanish(product):
    invitation, token = invite(product, "es")
    email = render_invitation_email(invitation, token)
    assert email.subject == "Tu entrevista para Platform Engineer en Acme Robotics"
    for body in (email.text, email.html):
        assert "Hola, Jane Doe:" in body
        assert "3 preguntas, unos 35 minutos en total." in body
        assert "Tu entrevistador es una IA, Robin." in body
        assert f"/i/{token}" in body
    assert '<html lang="es">' in email.html
    assert re.search(r"El enlace caduca el <strong>\w+, \d+ de \w+ de", email.html)
    # Rendering in Spanish left nothing behind: the next English email is English.
    english, english_token = invite(product, "en")
    assert render_invitation_email(english, english_token).subject.startswith(
        "Your interview for"
    )


def test_the_room_passes_its_words_to_the_script_in_german(client, product):
    from app.live import conductor
    from app.live.participants import COOKIE_NAME, participant_token

    invitation, _ = invite(product, "de")
    session = conductor.start_session(invitation)
    db.session.commit()
    client.set_cookie(COOKIE_NAME, participant_token(session.id, invitation.id))
    html = client.get("/interview").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert ">Antwort senden</button>" in html
    assert 'dir="auto"' in html  # the answer box follows the text's direction
    strings = re.search(
        r'<script type="application/json" id="room-strings"[^>]*>(.*?)</script>', html
    )[1]
    assert '"send": "Antwort senden"' in strings
    assert '"question_of": "Frage {index} von {count}"' in strings
