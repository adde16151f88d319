"""The arrival gate: at most ARRIVAL_CONCURRENCY candidate pages are worked on at once;
the rest wait for a slot, and nothing else (portal, API, sockets) waits with them."""

import threading

import pytest
from flask import Flask

from app.live import arrivals


def gated_app(limit: int):
    app = Flask(__name__)
    app.config["ARRIVAL_CONCURRENCY"] = limit
    entered, release = threading.Event(), threading.Event()

    @app.get("/i/<token>")
    def candidate_page(token):
        if token == "slow":
            entered.set()
            release.wait(10)
        return f"page {token}"

    @app.get("/portal")
    def portal():
        return "portal"

    arrivals.install(app)
    return app, entered, release


def fetch(app, path: str, results: dict, done: threading.Event):
    results[path] = app.test_client().get(path).get_data(as_text=True)
    done.set()


def test_a_second_arrival_waits_for_the_slot_while_other_pages_do_not():
    app, entered, release = gated_app(limit=1)
    results: dict = {}
    slow_done, second_done, portal_done = (threading.Event() for _ in range(3))
    slow = threading.Thread(target=fetch, args=(app, "/i/slow", results, slow_done))
    slow.start()
    assert entered.wait(5)
    second = threading.Thread(
        target=fetch, args=(app, "/i/second", results, second_done)
    )
    second.start()
    fetch(app, "/portal", results, portal_done)  # not an arrival: served at once
    assert results["/portal"] == "portal"
    assert not second_done.wait(0.3)  # still waiting for the one slot
    release.set()
    slow.join(5)
    second.join(5)
    assert results["/i/slow"] == "page slow"
    assert results["/i/second"] == "page second"


@pytest.mark.parametrize("limit", [2, 0], ids=["slots to spare", "gate off"])
def test_arrivals_do_not_wait_with_slots_to_spare_or_the_gate_off(limit):
    app, entered, release = gated_app(limit=limit)
    results: dict = {}
    slow_done, second_done = threading.Event(), threading.Event()
    slow = threading.Thread(target=fetch, args=(app, "/i/slow", results, slow_done))
    slow.start()
    assert entered.wait(5)
    fetch(app, "/i/second", results, second_done)  # while the slow one is held
    assert results["/i/second"] == "page second"
    assert not slow_done.is_set()
    release.set()
    slow.join(5)
    assert results["/i/slow"] == "page slow"
