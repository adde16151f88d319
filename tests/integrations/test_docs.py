"""/docs documents API keys (a bearer scheme), Idempotency-Key on every signed-in POST
and the webhook events, whose examples have the shape real deliveries have."""

from app.integrations.docs import EVENT_EXAMPLES
from app.models import WEBHOOK_EVENTS
from tests import factories
from tests.support.interviews import take_interview


def spec(client):
    return client.get("/apispec.json").get_json()


def test_api_keys_are_a_bearer_scheme_accepted_wherever_a_token_is(client):
    document = spec(client)
    schemes = document["components"]["securitySchemes"]
    assert schemes["apiKey"]["scheme"] == "bearer"
    assert "vk_" in schemes["apiKey"]["description"]
    secured = [
        operation
        for operations in document["paths"].values()
        for operation in operations.values()
        if operation.get("security")
    ]
    assert secured
    for operation in secured:
        assert operation["security"] == [{"bearerAuth": []}, {"apiKey": []}]


def test_every_signed_in_post_documents_the_idempotency_key(client):
    posts = [
        (path, operations["post"])
        for path, operations in spec(client)["paths"].items()
        if "post" in operations
        and operations["post"].get("security")
        and not path.startswith("/api/v1/auth/")
    ]
    assert len(posts) > 10
    for path, operation in posts:
        names = [p["name"] for p in operation.get("parameters", [])]
        assert "Idempotency-Key" in names, path
        assert {"409", "422"} <= set(operation["responses"]), path


def test_every_event_has_a_schema_with_an_example(client):
    document = spec(client)
    assert set(document["x-webhooks"]) == set(WEBHOOK_EVENTS)
    for event in WEBHOOK_EVENTS:
        schema = document["components"]["schemas"][f"WebhookEvent.{event}"]
        assert schema["example"]["type"] == event
        assert schema["example"]["data"] == EVENT_EXAMPLES[event]


def test_the_examples_have_the_shape_of_real_deliveries(
    recruiter, endpoint, receiver, hooks
):
    interview = factories.make_interview(factories.make_product(recruiter))
    session = take_interview(interview, ["An answer.", "Another answer."] * 4)
    hooks.patch(f"/api/v1/sessions/{session.id}", json={"stage": "advance"})
    delivered = {request.json["type"]: request.json for request in receiver.received}
    assert len(delivered) >= 4
    for event, body in delivered.items():
        assert set(body) == {"type", "timestamp", "data"}
        assert set(body["data"]) == set(EVENT_EXAMPLES[event]), event
