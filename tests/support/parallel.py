"""Many clients at once against a live server: each call starts at the same moment."""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

CLIENTS = 20


def at_once(call: Callable[[int], object], clients: int = CLIENTS) -> list:
    """Run call(0) ... call(clients - 1) in threads released together by a barrier;
    their results in order (an exception in any call is raised here)."""
    barrier = threading.Barrier(clients)

    def run(index: int):
        barrier.wait(timeout=30)
        return call(index)

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(run, range(clients)))


def statuses(responses) -> Counter:
    """How many responses had each HTTP status."""
    return Counter(response.status_code for response in responses)


def assert_no_server_errors(responses) -> None:
    """No 5xx, and every error answer says what happened (envelope or page)."""
    for response in responses:
        assert response.status_code < 500, (response.status_code, response.text)
        if response.status_code >= 400 and "json" in response.headers.get(
            "Content-Type", ""
        ):
            error = response.json()["error"]
            assert error["code"] and error["message"], error
