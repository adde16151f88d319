"""A Spanish interview end to end on the offline interviewer, over the socket: its
phrases in Spanish, the recruiter's questions verbatim, and the one-time notice for
an answer in another language."""

import pytest

from app.ai import interviewer
from app.extensions import db
from app.live import conductor
from app.models import InterviewSession
from tests import factories
from tests.live.test_live_socket import NS, connect, events, wait_for

pytestmark = pytest.mark.product(name="Acme")

ENGLISH_ANSWER = (
    "I would start by looking at the query plan and then add an index on the "
    "column that we filter by, because it was slow and we could not wait."
)
SPANISH_ANSWER = (
    "Primero revisaría los registros del servicio y después compararía las "
    "métricas de latencia con las de la semana pasada para ver el cambio."
)


@pytest.fixture
def spanish_session(product):
    interview = factories.make_interview(
        product,
        status="active",
        language="es",
        persona_name="Lucía",
        time_limit_minutes=20,
        questions=[
            {
                "text": "¿Cómo diseñarías un limitador de peticiones?",
                "follow_up_budget": 0,
            },
            {"text": "¿Qué harías si una consulta es lenta?", "follow_up_budget": 0},
        ],
    )
    invitation, _ = factories.make_invitation(interview, name="Marta López")
    session = conductor.start_session(invitation)
    db.session.commit()
    return session


def answer(sio, client_id: str, text: str) -> list:
    ack = sio.emit(
        "answer", {"client_id": client_id, "text": text}, namespace=NS, callback=True
    )
    assert ack["ok"], ack
    return wait_for(sio, "turn_end")


def test_a_spanish_interview_greets_asks_and_closes_in_spanish(
    app, client, spanish_session
):
    sio = connect(app, client, spanish_session)
    greeting = events(wait_for(sio, "turn_end"), "turn_end")[0]["message"]["text"]
    assert greeting.startswith("Hola Marta, soy Lucía, una IA que hace las entrevistas")
    assert "Veremos 2 preguntas en unos 20 minutos. Empecemos." in greeting
    assert greeting.endswith("¿Cómo diseñarías un limitador de peticiones?")

    second = answer(sio, "a1", SPANISH_ANSWER)
    turn = events(second, "turn_end")[0]["message"]["text"]
    assert turn.endswith("¿Qué harías si una consulta es lenta?")
    assert "Thank" not in turn and "Got it" not in turn

    closing = answer(sio, "a2", SPANISH_ANSWER)
    text = events(closing, "turn_end")[0]["message"]["text"]
    assert text.startswith("Gracias, Marta. Aquí termina la entrevista.")
    assert "El equipo de selección de Acme revisará tus respuestas" in text
    assert events(closing, "notice") == []  # Spanish answers: nothing to say
    sio.disconnect(NS)


def test_an_answer_in_another_language_is_noticed_once_in_spanish(
    app, client, spanish_session
):
    sio = connect(app, client, spanish_session)
    wait_for(sio, "turn_end")
    first = answer(sio, "en-1", ENGLISH_ANSWER)
    (notice,) = events(first, "notice")
    assert notice["code"] == "language"
    assert notice["message"].startswith("Parece que has respondido en inglés.")
    assert "Esta entrevista es en español" in notice["message"]
    assert "puedes continuar en el idioma que prefieras" in notice["message"]

    second = answer(sio, "en-2", ENGLISH_ANSWER)  # told once: not again
    assert events(second, "notice") == []
    assert events(second, "turn_end")  # and the interview goes on
    db.session.expire_all()
    stored = db.session.get(InterviewSession, spanish_session.id)
    assert stored.language_notice_at is not None
    sio.disconnect(NS)


def test_short_answers_are_never_judged(app, client, spanish_session):
    sio = connect(app, client, spanish_session)
    wait_for(sio, "turn_end")
    received = answer(sio, "short", "Yes, I think so.")
    assert events(received, "notice") == []
    sio.disconnect(NS)


def test_no_lo_se_moves_on_with_a_spanish_acknowledgement(app, client, product):
    interview = factories.make_interview(
        product,
        status="active",
        language="es",
        questions=[
            {"text": "¿Qué es un índice parcial?", "follow_up_budget": 2},
            {"text": "¿Cómo versionarías una API?", "follow_up_budget": 2},
        ],
    )
    invitation, _ = factories.make_invitation(interview, name="Ana")
    session = conductor.start_session(invitation)
    db.session.commit()
    sio = connect(app, client, session)
    wait_for(sio, "turn_end")
    turn = events(answer(sio, "dk", "No lo sé, la verdad."), "turn_end")[0]["message"]
    acknowledgement = turn["text"].split("\n\n")[0]
    assert acknowledgement in interviewer.phrases("es")["dont_know_acknowledgements"]
    assert turn["text"].endswith("¿Cómo versionarías una API?")  # no follow-up
    sio.disconnect(NS)
