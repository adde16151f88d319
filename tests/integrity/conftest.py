"""Fixtures for integrity signals: a connected candidate (as in the socket input
tests) and a verifying webhook receiver (as in the webhook tests)."""

from tests.integrations.conftest import (  # noqa: F401
    hooks,
    receiver,
    receiver_server,
)
from tests.live.test_socket_input import candidate, session  # noqa: F401
