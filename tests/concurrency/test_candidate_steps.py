"""Twenty clients at once on each candidate step, against a real server process: no
5xx, exactly the records that should exist, and a clear answer for every loser."""

import time

import pytest
import requests
from sqlalchemy import func, select

from app.extensions import db
from app.invitations.tokens import consent_form_token, hash_token
from app.live import conductor
from app.live.participants import participant_token, read_participant_token
from app.models import (
    AuditEvent,
    InterviewSession,
    Invitation,
    Message,
    RubricVersion,
    utcnow,
)
from tests import factories
from tests.support.parallel import CLIENTS, assert_no_server_errors, at_once, statuses
from tests.support.socket_client import InterviewClient

pytestmark = pytest.mark.live_server
TIMEOUT = 30


def new_interview():
    recruiter = factories.make_user()
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, status="active", questions=2)
    for question in interview.questions:
        question.follow_up_budget = 0
    db.session.commit()
    return interview


def events(action: str, invitation_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == action, AuditEvent.target_id == invitation_id)
    )


def fresh(model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


def start_form(token: str) -> dict:
    return {"csrf_token": consent_form_token(hash_token(token))}


def test_opening_a_link_at_once(server, seeded):
    invitation, token = factories.make_invitation(new_interview())
    responses = at_once(
        lambda _: requests.get(f"{server.url}/i/{token}", timeout=TIMEOUT)
    )
    assert statuses(responses) == {200: CLIENTS}
    invitation = fresh(Invitation, invitation.id)
    assert invitation.status == "opened" and invitation.opened_at is not None
    assert events("invitation.opened", invitation.id) == 1


def test_consenting_at_once(server, seeded):
    invitation, token = factories.make_invitation(new_interview())
    form = {**start_form(token), "consent": "1"}
    responses = at_once(
        lambda _: requests.post(
            f"{server.url}/i/{token}", data=form, allow_redirects=False, timeout=TIMEOUT
        )
    )
    assert statuses(responses) == {302: CLIENTS}
    assert all(r.headers["Location"].endswith(f"/i/{token}/ready") for r in responses)
    assert fresh(Invitation, invitation.id).consented_at is not None
    assert events("invitation.consented", invitation.id) == 1


def press_start(server, token: str, form: dict) -> requests.Response:
    return requests.post(
        f"{server.url}/i/{token}/start",
        data=form,
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def test_double_clicking_start(server, seeded):
    """The same candidate's Start twenty times at once: one session, every click
    lands in it."""
    invitation, token = factories.make_invitation(
        new_interview(), status="opened", consented_at=utcnow()
    )
    form = start_form(token)
    responses = at_once(lambda _: press_start(server, token, form))
    assert_no_server_errors(responses)
    assert statuses(responses) == {302: CLIENTS}
    sessions = db.session.scalars(
        select(InterviewSession).where(InterviewSession.invitation_id == invitation.id)
    ).all()
    assert len(sessions) == 1
    cookies = {read_participant_token(r.cookies["viva_participant"]) for r in responses}
    assert cookies == {(sessions[0].id, invitation.id)}
    assert fresh(Invitation, invitation.id).status == "started"


def test_candidates_of_a_new_interview_start_together(server, seeded):
    """Twenty candidates press Start in the same second on a just-activated
    interview: twenty sessions, one rubric version recorded."""
    interview = new_interview()
    tokens = [
        factories.make_invitation(interview, status="opened", consented_at=utcnow())[1]
        for _ in range(CLIENTS)
    ]
    forms = [start_form(token) for token in tokens]
    responses = at_once(lambda n: press_start(server, tokens[n], forms[n]))
    assert statuses(responses) == {302: CLIENTS}
    count = select(func.count()).select_from(InterviewSession)
    assert (
        db.session.scalar(count.where(InterviewSession.interview_id == interview.id))
        == CLIENTS
    )
    versions = db.session.scalars(
        select(RubricVersion).where(RubricVersion.interview_id == interview.id)
    ).all()
    assert [v.version for v in versions] == [interview.rubric_version]


def started_session():
    invitation, _token = factories.make_invitation(
        new_interview(), status="opened", consented_at=utcnow()
    )
    session = conductor.start_session(invitation)
    db.session.commit()
    return session.id, participant_token(session.id, invitation.id)


def messages(session_id: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(Message).where(Message.session_id == session_id).order_by(Message.seq)
    )
    return [(m.seq, m.role) for m in rows]


def wait_for_message(client: InterviewClient, seq: int) -> None:
    """Until the transcript holds message `seq` (however this client joined: before
    the turn streamed, or after, from the snapshot)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        resumed = client.resume(0)
        if any(m["seq"] == seq for m in resumed["messages"]):
            return
        time.sleep(0.05)
    raise AssertionError(f"message {seq} never arrived")


def connect_all(server, cookie: str) -> list[InterviewClient]:
    return at_once(lambda _: InterviewClient(server.url, cookie).connect())


def close_all(clients) -> None:
    # Each close waits for the server's side of the WebSocket: close them together.
    at_once(lambda n: clients[n].close(), len(clients))


def test_connecting_twenty_sockets_at_once(server, seeded):
    """One greeting, however many tabs connect together; each sees it."""
    session_id, cookie = started_session()
    clients = connect_all(server, cookie)
    try:
        wait_for_message(clients[0], 1)
        for client in clients:
            resumed = client.resume(0)
            assert resumed["ok"]
            assert [m["seq"] for m in resumed["messages"]] == [1]
    finally:
        close_all(clients)
    assert messages(session_id) == [(1, "interviewer")]


def greeted(server, seeded):
    session_id, cookie = started_session()
    clients = connect_all(server, cookie)
    wait_for_message(clients[0], 1)
    return session_id, clients


def wait_for_next_turn(clients) -> None:
    wait_for_message(clients[0], 3)


def test_one_answer_sent_twenty_times_at_once(server, seeded):
    """A retried answer racing itself is stored once and acknowledged every time."""
    session_id, clients = greeted(server, seeded)
    try:
        acks = at_once(lambda n: clients[n].answer("answer-1", "My first answer."))
        assert all(ack["ok"] and ack["seq"] == 2 for ack in acks), acks
        assert sorted(ack["duplicate"] for ack in acks) == [False] + [True] * (
            CLIENTS - 1
        )
        wait_for_next_turn(clients)
    finally:
        close_all(clients)
    assert messages(session_id) == [
        (1, "interviewer"),
        (2, "candidate"),
        (3, "interviewer"),
    ]


def test_twenty_different_answers_at_once(server, seeded):
    """Answers racing for one turn: one is stored, every other is told to wait."""
    session_id, clients = greeted(server, seeded)
    try:
        acks = at_once(lambda n: clients[n].answer(f"answer-{n}", f"Answer {n}."))
        stored = [ack for ack in acks if ack["ok"]]
        assert len(stored) == 1 and stored[0]["seq"] == 2, acks
        for ack in acks:
            if not ack["ok"]:
                assert ack["error"]["code"] == "INTERACTION_ERROR", ack
                assert "wait" in ack["error"]["message"].lower()
        wait_for_next_turn(clients)
    finally:
        close_all(clients)
    assert messages(session_id) == [
        (1, "interviewer"),
        (2, "candidate"),
        (3, "interviewer"),
    ]
