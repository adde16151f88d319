"""Admission for arriving candidates, so interviews already running keep their pace.

A candidate's arrival (the link, consent, ready and start pages, then the socket's
connect) costs far more CPU than a running interview's next chunk. When many arrive
together (a campaign's emails land, a class starts), a gevent worker would interleave
all of their pages with the running turns, and every running interview would stall
behind the crowd. The gate lets at most ARRIVAL_CONCURRENCY arrivals be worked on at
once per process; the rest wait for a slot without using CPU (arrivals take longer,
interviews already running do not). 0 turns it off.
"""

import threading
from contextlib import contextmanager

from flask import Flask, current_app

from app.security import WSGI_PATH

ARRIVAL_PATHS = ("/i/",)  # the candidate's link and the pages under it
EXTENSION = "viva.arrival_slots"


class _Slots:
    """A semaphore made on first use: under gunicorn's gevent worker, threading is
    patched by then, so waiting for a slot yields to other greenlets."""

    def __init__(self, limit: int):
        self.limit = limit
        self._semaphore = None

    @contextmanager
    def held(self):
        if self.limit <= 0:
            yield
            return
        if self._semaphore is None:
            self._semaphore = threading.BoundedSemaphore(self.limit)
        with self._semaphore:
            yield


def install(app: Flask) -> None:
    """Gate the candidate's pages (WSGI, around everything Flask does for them)."""
    slots = _Slots(int(app.config.get("ARRIVAL_CONCURRENCY") or 0))
    app.extensions[EXTENSION] = slots
    if slots.limit <= 0:
        return
    inner = app.wsgi_app

    def gated(environ, start_response):
        if not environ.get(WSGI_PATH, "").startswith(ARRIVAL_PATHS):
            return inner(environ, start_response)
        with slots.held():
            response = inner(environ, start_response)
            try:  # the page is rendered inside the slot, sent outside it
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()

    app.wsgi_app = gated


@contextmanager
def arrival_slot():
    """Hold an arrival slot (the socket's connect uses it; pages are gated above)."""
    slots = current_app.extensions.get(EXTENSION)
    if slots is None:
        yield
        return
    with slots.held():
        yield
