"""Assertions shared by API tests."""


def assert_error(response, status: int, code: str) -> dict:
    """Assert the error envelope with this status and code; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]
