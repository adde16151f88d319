"""Contract: a live server answers every API operation as /apispec.json documents it.

Schemathesis reads the OpenAPI document from a real server process and, for every
operation, sends the documented examples, boundary and invalid "coverage" cases, then
seeded random cases. Every response goes through all of its checks: no 5xx; documented
status code, content type, headers and body schema; valid data accepted, invalid data
rejected; auth enforced; 405 with Allow for undocumented methods.
"""

import re
import secrets
import sys
import time
from collections import Counter, defaultdict

import pytest
import requests
import schemathesis
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import ChecksConfig, SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

from app.openapi import SPACE
from tests.fakes.openai_server import FakeOpenAI
from tests.support.live_server import LiveServer
from tests.support.mailbox import console_link

API = "/api/v1"
LOGOUT = f"{API}/auth/logout"
REFRESH = f"{API}/auth/refresh"
PASSWORD_CHANGE = f"{API}/users/me/password"
# Tokens from emailed links: random, and only ever in an email. Well-formed requests
# carry a token no link has, so they only ever get a 410.
EMAILED_TOKEN_OPERATIONS = [
    f"POST {API}/auth/verify-email",
    f"POST {API}/auth/password/reset",
]
# Bounded and reproducible: the same cases on every run. max-examples bounds the seeded
# fuzzing phase per operation; the examples and coverage phases add a finite,
# deterministic set of boundary and invalid cases on top (more for bigger schemas).
FUZZ_EXAMPLES_PER_OPERATION = 25
SEED = 20261101
# max_response_time is the one check left off: it needs a time limit, and timings are
# measured in bench/, never asserted in tests.
CHECKS_NOT_RUN = {"max_response_time"}
DEFAULT_CHECKS = ChecksConfig()
# The phases schemathesis' pytest integration runs for each operation.
RUN_PHASES = ("examples", "coverage", "fuzzing")


# Rules JSON Schema cannot state, so schema-valid requests may still get a 422 there.
RUBRIC = "rubric weights must add up to 100"
UNSTATED_RULES = [
    (f"{API}/products/{{product_id}}/interviews", "POST", RUBRIC),
    (f"{API}/interviews/{{interview_id}}", "PATCH", RUBRIC),
    (f"{API}/api-keys", "POST", "expiry in the future; admin scope for admins"),
    (f"{API}/webhooks", "POST", "a URL with an allowed scheme and host"),
    (f"{API}/webhooks/{{endpoint_id}}", "PATCH", "a URL with an allowed scheme"),
    (
        f"{API}/sessions/{{session_id}}/meetings",
        "POST",
        "a start in the future; an https link with provider=url; zoom only when set up",
    ),
    (
        f"{API}/meetings/{{meeting_id}}",
        "PATCH",
        "a start in the future; a cancelled meeting does not move",
    ),
    (
        f"{API}/review-requests/{{request_id}}/answer",
        "POST",
        "an approval gives a time, link or note; a refusal a reason; a web link",
    ),
    (
        f"{API}/interviews/{{interview_id}}/calibration",
        "PUT",
        "every sample scored once, on every competency of the interview's rubric",
    ),
    (
        f"{API}/products/{{product_id}}",
        "PATCH",
        "an accent colour not too close to white (contrast with the page)",
    ),
    (
        f"{API}/products/{{product_id}}/logo",
        "PUT",
        "a real PNG, JPEG or WebP image (checked by content), within its size",
    ),
]


def _accepts(statuses: list[str]) -> dict:
    return {"positive_data_acceptance": {"expected-statuses": statuses}}


def _contract_config() -> SchemathesisConfig:
    operations = [
        {
            # Changing the password needs the current one: random, and neither in the
            # document nor in this file. So well-formed requests only ever get a 422.
            "include-name": f"POST {PASSWORD_CHANGE}",
            "checks": _accepts(["422"]),
        }
    ]
    for name in EMAILED_TOKEN_OPERATIONS:
        operations.append({"include-name": name, "checks": _accepts(["410"])})
    for path, method, _rule in UNSTATED_RULES:
        checks = _accepts(["2xx", "401", "403", "404", "409", "422"])
        # One "METHOD /path" name filter: path and method filters would OR together.
        operations.append({"include-name": f"{method} {path}", "checks": checks})
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": FUZZ_EXAMPLES_PER_OPERATION,
                "deterministic": True,
                # No example database: no replay of an earlier run's failures.
                "database": "none",
            },
            "operations": operations,
        }
    )


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """Give schemathesis the `item._nodeid` it reads and rewrites (for reporting).

    schemathesis 4.32.5's from_fixture expects that attribute; pytest 9.2 replaced it
    with a structured `_id`; without it, every contract test fails with AttributeError.
    """
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    # The run registers a recruiter for every generated case and sends deliberately
    # wrong logins: rate limits (tests/test_rate_limits.py) would soon answer 429 to
    # sign_up() itself, so this server runs without them.
    # POST /api/v1/tts reads text aloud through a speech service: a local fake here
    # (unconfigured, it answers 503 by design, which the run counts as a failure).
    speech = FakeOpenAI().start()
    server = LiveServer(
        tmp_path_factory.mktemp("contract"),
        overrides={"RATELIMIT_ENABLED": False, "TTS_BASE_URL": speech.url},
    ).start()
    yield server
    server.stop()
    speech.stop()


def sign_up(server: LiveServer) -> dict:
    """Register a recruiter through the API, confirm the email from the link the
    server printed, and log in; returns the login body."""
    password = "Aa1" + secrets.token_urlsafe(32)
    handle = secrets.token_hex(6)
    email = f"contract-{handle}@example.com"
    registration = {
        "email": email,
        "username": f"contract-{handle}",
        "full_name": "Contract Tester",
        "password": password,
    }
    response = requests.post(
        f"{server.url}{API}/auth/register", json=registration, timeout=10
    )
    assert response.status_code == 201, response.text
    # Confirmed, like an established recruiter: invitations are for those only.
    link = console_link(server.log(), email, "/verify-email/")
    assert requests.get(link, allow_redirects=False, timeout=10).status_code == 302
    credentials = {"email": email, "password": password}
    response = requests.post(
        f"{server.url}{API}/auth/login", json=credentials, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def session_tokens(live_server):
    """The tokens every generated request carries; afterwards, they must still work."""
    tokens = sign_up(live_server)
    yield tokens
    # Function-scoped on purpose: with TEST_DATABASE_URL the server shares the suite's
    # database, which is emptied after each test, this user included.
    me = requests.get(
        f"{live_server.url}{API}/auth/me",
        headers=_bearer(tokens["access_token"]),
        timeout=10,
    )
    assert me.status_code == 200, (
        f"the contract run locked its own login out: {me.text}"
    )


@pytest.fixture(scope="module")
def contract_log():
    """What the contract run sent and got back, printed as a report afterwards."""
    log = {
        "requests": defaultdict(Counter),  # operation -> (method sent, status) -> count
        "phases": defaultdict(Counter),  # operation -> phase -> count
        "seconds": 0.0,
    }
    yield log
    if log["requests"]:
        total = sum(sum(counter.values()) for counter in log["requests"].values())
        print(
            f"\ncontract: {len(log['requests'])} operations, {total} requests in "
            f"{log['seconds']:.1f}s"
        )
        for operation in sorted(log["requests"]):
            phases = dict(log["phases"][operation])
            print(f"  {operation}: {phases} {dict(log['requests'][operation])}")


@pytest.fixture(scope="module")
def api_schema(live_server):
    return schemathesis.openapi.from_url(
        f"{live_server.url}/apispec.json", config=_contract_config()
    )


# Logout revokes the login session the whole run uses; its own test covers it below.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path=LOGOUT)


def _enabled_checks(schema, operation, phase: str) -> set[str]:
    load_all_checks()
    config = schema.config.checks_config_for(operation=operation, phase=phase)
    return {
        check.__name__
        for check in CHECKS.get_all()
        if not isinstance(check, type)
        and config.get_by_name(name=check.__name__).enabled
    }


def _checks_the_harness_voids(case) -> list:
    """The harness replaces Authorization and Idempotency-Key with valid values, so a
    case whose only invalid part is its headers reaches the server valid: expecting
    it rejected would test the harness, not the API (an always-successful create such
    as POST /workspaces answers 201)."""
    modes = {location: info.mode for location, info in case.meta.components.items()}
    negative = {location for location, mode in modes.items() if mode.is_negative}
    if negative == {ParameterLocation.HEADER}:
        return [negative_data_rejection]
    return []


@schema.parametrize()
def test_api_conforms_to_its_schema(case, session_tokens, contract_log):
    # Refresh wants the refresh token (the first call rotates it, later ones get 401).
    token_kind = "refresh_token" if case.path == REFRESH else "access_token"
    headers = _bearer(session_tokens[token_kind])
    if (case.headers or {}).get("Idempotency-Key"):
        # A key reused with another body answers 422 by design (see
        # tests/integrations/test_idempotency.py); generated keys repeat across
        # cases, so each case gets a key of its own and is judged on its own.
        headers["Idempotency-Key"] = secrets.token_hex(16)
    started = time.monotonic()
    response = case.call_and_validate(
        headers=headers, excluded_checks=_checks_the_harness_voids(case)
    )
    contract_log["seconds"] += time.monotonic() - started

    operation = case.operation.label
    sent = response.request
    contract_log["requests"][operation][(sent.method, response.status_code)] += 1
    contract_log["phases"][operation][case.meta.phase.name.value] += 1
    carried_token = sent.headers.get("Authorization") == headers["Authorization"]
    if case.path == PASSWORD_CHANGE and sent.method == "POST" and carried_token:
        # Never a 200: the run's login must outlive every generated password change.
        # (Negative cases drop or garble the Authorization header; those answer 401.)
        assert response.status_code in (400, 422), response.text


def test_contract_run_covers_every_operation_with_every_check(api_schema):
    """The parametrized run above takes every documented operation but logout (its own
    test below) through every phase with every check. This reads the document and the
    configuration that run uses, not its results, so it holds on its own: alone, under
    -k, or on another xdist worker."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    documented = {operation.label for operation in operations}
    parametrized = {
        result.ok().label
        for result in api_schema.exclude(path=LOGOUT).get_all_operations()
    }
    assert parametrized == documented - {f"POST {LOGOUT}"}
    assert f"POST {LOGOUT}" in documented

    load_all_checks()
    every_check = {check.__name__ for check in CHECKS.get_all()} - CHECKS_NOT_RUN
    for operation in operations:
        phases = api_schema.config.phases_for(operation=operation)
        for phase in RUN_PHASES:
            assert phases.get_by_name(name=phase).enabled, (operation.label, phase)
            enabled = _enabled_checks(api_schema, operation, phase)
            assert enabled == every_check, (operation.label, phase)

    # The per-operation tweaks in _contract_config name real operations, and only them.
    tweaked = {
        operation.label
        for operation in operations
        if api_schema.config.checks_config_for(
            operation=operation
        ).positive_data_acceptance.expected_statuses
        != DEFAULT_CHECKS.positive_data_acceptance.expected_statuses
    }
    assert tweaked == {f"POST {PASSWORD_CHANGE}", *EMAILED_TOKEN_OPERATIONS} | {
        f"{method} {path}" for path, method, _rule in UNSTATED_RULES
    }


def test_logout_ends_the_login_session_as_documented(live_server, api_schema):
    logout = api_schema[LOGOUT]["POST"]  # validate_response: content type and body
    assert set(logout.definition.raw["responses"]) == {"204", "401"}
    tokens = sign_up(live_server)
    url = f"{live_server.url}{LOGOUT}"

    anonymous = requests.post(url, timeout=10)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "AUTH_ERROR"
    logout.validate_response(anonymous)

    logged_out = requests.post(url, headers=_bearer(tokens["access_token"]), timeout=10)
    assert logged_out.status_code == 204
    assert logged_out.content == b""
    logout.validate_response(logged_out)

    for kind in ("access_token", "refresh_token"):
        again = requests.post(url, headers=_bearer(tokens[kind]), timeout=10)
        assert again.status_code == 401, (kind, again.text)
        logout.validate_response(again)
    me = requests.get(
        f"{live_server.url}{API}/auth/me",
        headers=_bearer(tokens["access_token"]),
        timeout=10,
    )
    assert me.status_code == 401


def test_documented_whitespace_is_what_trimming_removes():
    """Trimmed fields are documented with app.openapi's whitespace class; it must be
    exactly what str.strip() removes (JSON Schema's own \\s is a different set)."""
    documented = re.compile(SPACE)
    mismatched = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if bool(documented.fullmatch(chr(code))) != chr(code).isspace()
    ]
    assert mismatched == []
