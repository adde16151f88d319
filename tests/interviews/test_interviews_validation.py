"""Interview settings validation through the API: fields, rubric rules, thresholds."""

import pytest

from app.models import Interview, default_rubric
from tests.support.asserts import assert_error

API = "/api/v1"


def _rubric(**weights):
    rubric = default_rubric()
    for item in rubric:
        item["weight"] = weights.get(item["key"], item["weight"])
    return rubric


@pytest.mark.parametrize(
    "field, value",
    [
        ("role_title", ""),
        ("role_title", "x" * 121),
        ("role_title", 5),
        ("seniority", "guru"),
        ("language", "english"),
        ("skills", "python"),
        ("skills", [""]),
        ("skills", ["x" * 41]),
        ("time_limit_minutes", 4),
        ("time_limit_minutes", 241),
        ("time_limit_minutes", "30"),
        ("follow_up_depth", 4),
        ("follow_up_depth", True),
        ("advance_threshold", 10.5),
        ("consider_threshold", -1),
        ("advance_threshold", "7"),
        ("invite_expiry_days", 0),
        ("invite_expiry_days", 91),
        ("persona_name", ""),
        ("rubric", []),
        ("status", "active"),
        ("rubric_version", 3),
    ],
)
def test_create_rejects_invalid_fields(api, recruiter, product, field, value):
    api.login(recruiter)
    body = {"role_title": "Backend Engineer", field: value}
    response = api.post(f"{API}/products/{product.id}/interviews", json=body)
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["details"]) == [field]
    assert Interview.query.count() == 0


def test_create_needs_a_role_title(api, recruiter, product):
    api.login(recruiter)
    response = api.post(f"{API}/products/{product.id}/interviews", json={})
    assert "role_title" in assert_error(response, 422, "VALIDATION_ERROR")["details"]


@pytest.mark.parametrize(
    "rubric, message",
    [
        (_rubric(clarity=10), "Weights must add up to 100 (they add up to 95)."),
        (
            [dict(item, key="same") for item in default_rubric()],
            "Competency keys must be unique: same.",
        ),
    ],
)
def test_rubric_rules_answer_422(api, recruiter, product, rubric, message):
    api.login(recruiter)
    response = api.post(
        f"{API}/products/{product.id}/interviews",
        json={"role_title": "Backend Engineer", "rubric": rubric},
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert message in error["details"]["rubric"]


@pytest.mark.parametrize(
    "change, where",
    [
        ({"key": "Not A Slug"}, "key"),
        ({"weight": 0}, "weight"),
        ({"weight": 30.5}, "weight"),
        ({"name": ""}, "name"),
        ({"anchors": {"1": "bad", "5": "good"}}, "anchors"),
        ({"anchors": {"1": "a", "3": "b", "5": "c", "7": "d"}}, "anchors"),
        ({"extra": 1}, "extra"),
    ],
)
def test_rubric_items_are_checked_field_by_field(
    api, recruiter, product, change, where
):
    api.login(recruiter)
    rubric = default_rubric()
    rubric[0].update(change)
    response = api.post(
        f"{API}/products/{product.id}/interviews",
        json={"role_title": "Backend Engineer", "rubric": rubric},
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert where in error["details"]["rubric"]["0"]


def test_thresholds_must_be_ordered(api, recruiter, product):
    api.login(recruiter)
    response = api.post(
        f"{API}/products/{product.id}/interviews",
        json={"role_title": "QA", "advance_threshold": 5, "consider_threshold": 6},
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["details"]) == ["consider_threshold"]
