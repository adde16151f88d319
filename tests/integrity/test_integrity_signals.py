"""Integrity signals: sent with an answer over the socket (validated, optional,
bounded), stored on that answer only, shown to the recruiter as plain facts with a
per-interview summary, disclosed on the consent page, and never scored."""

import pytest

from app.extensions import db
from app.integrity.signals import DISCLOSURE, facts, mostly_pasted, summary
from app.models import Message
from tests import factories
from tests.live.test_live_socket import wait_for
from tests.live.test_socket_input import answer, assert_refused, stored_answers

PASTED = {
    "pasted_chars": 412,
    "typed_chars": 18,
    "first_key_ms": 2300,
    "burst_cps": 7.5,
    "focus_lost": 2,
}
TEXT = "x" * 430


def test_signals_sent_with_an_answer_are_stored_on_it(candidate, session):
    ack = answer(candidate, {"client_id": "a1", "text": TEXT, "integrity": PASTED})
    assert ack["ok"] is True
    [stored] = stored_answers(session.id)
    assert stored.integrity == PASTED


def test_an_answer_without_signals_is_stored_without_them(candidate, session):
    assert answer(candidate, {"client_id": "a1", "text": "Plain answer."})["ok"]
    [stored] = stored_answers(session.id)
    assert stored.integrity is None


@pytest.mark.parametrize(
    "signals, field",
    [
        ({"pasted_chars": -1}, "pasted_chars"),
        ({"pasted_chars": 10**9}, "pasted_chars"),
        ({"first_key_ms": "soon"}, "first_key_ms"),
        ({"burst_cps": 5000}, "burst_cps"),
        ({"focus_lost": 1.5}, "focus_lost"),
        ("pasted", "integrity"),
    ],
)
def test_out_of_bounds_signals_are_refused_and_nothing_is_stored(
    candidate, session, signals, field
):
    ack = answer(
        candidate, {"client_id": "a1", "text": "An answer.", "integrity": signals}
    )
    assert_refused(ack, "VALIDATION_ERROR", "integrity")
    assert field in str(ack["error"]["details"])
    assert stored_answers(session.id) == []


def test_unknown_signal_fields_are_dropped(candidate, session):
    signals = {"pasted_chars": 3, "webcam": "on"}
    ack = answer(
        candidate, {"client_id": "a1", "text": "An answer.", "integrity": signals}
    )
    assert ack["ok"]
    assert stored_answers(session.id)[0].integrity == {"pasted_chars": 3}


def test_facts_read_as_plain_sentences():
    assert facts(PASTED, 430) == [
        "pasted 412 of 430 characters",
        "first keystroke after 2.3 s",
        "fastest typing burst 7.5 chars/s",
        "page lost focus 2 times",
    ]
    assert facts({"pasted_chars": 0, "focus_lost": 0}, 50) == [
        "nothing pasted",
        "page kept focus",
    ]
    # A page cannot claim more pasted than the answer holds.
    assert facts({"pasted_chars": 999}, 10) == ["pasted 10 of 10 characters"]


def test_the_disclosed_rule_is_more_than_half_of_a_40_character_answer():
    assert mostly_pasted({"pasted_chars": 21}, 40)
    assert not mostly_pasted({"pasted_chars": 20}, 40)
    assert not mostly_pasted({"pasted_chars": 39}, 39)  # too short to say
    assert not mostly_pasted(None, 400)


def test_the_summary_adds_up_the_answers_that_carried_signals():
    total = summary([(PASTED, 430), (None, 100), ({"pasted_chars": 0}, 70)])
    assert total == {
        "answers": 2,
        "chars": 500,
        "pasted_chars": 412,
        "mostly_pasted": 1,
        "focus_lost": 2,
        "fastest_burst_cps": 7.5,
    }
    assert summary([(None, 10)]) is None


def test_the_report_shows_the_facts_beside_that_answer_only(
    client, candidate, session, recruiter
):
    assert answer(candidate, {"client_id": "a1", "text": "First answer, typed."})["ok"]
    wait_for(candidate, "turn_end")
    ack = answer(candidate, {"client_id": "a2", "text": TEXT, "integrity": PASTED})
    assert ack["ok"]
    factories.page_login(client, recruiter)
    page = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    assert page.count("pasted 412 of 430 characters") == 1
    assert "Mostly pasted" in page and "page lost focus 2 times" in page
    assert f'data-integrity-seq="{ack["seq"]}"' in page
    assert (
        "Integrity signals" in page
        and "412 of 430 characters pasted, over 1 answer" in page
    )
    # Never scored: the evaluation data of the answer holds no signal.
    db.session.expire_all()
    stored = db.session.get(Message, Message.query.filter_by(client_id="a2").one().id)
    assert stored.integrity["pasted_chars"] == 412


def test_the_consent_page_says_exactly_what_is_measured(client, recruiter):
    product = factories.make_product(recruiter, name="Acme")
    interview = factories.make_interview(product, questions=1, status="active")
    _invitation, token = factories.make_invitation(interview, name="Sam")
    db.session.commit()
    page = client.get(f"/i/{token}").get_data(as_text=True)
    assert "What the interview page measures" in page
    for item in DISCLOSURE:
        assert item in page.replace("&#39;", "'")
    assert "never change a score or a recommendation" in page
