"""The analytics API on a known data set (tests/support/analytics_data.py): every
figure below was worked out by hand from that file's tables."""

import pytest

from app.extensions import db
from app.models import QuestionScoreTotal
from tests import factories
from tests.support import analytics_data
from tests.support.asserts import assert_error

API = "/api/v1/analytics"


@pytest.fixture
def ids(recruiter, other_recruiter):
    return analytics_data.seed(recruiter, other_recruiter)


def funnel(body) -> list[tuple]:
    return [(s["step"], s["count"], s["rate"], s["step_rate"]) for s in body["funnel"]]


def competencies(body) -> list[tuple]:
    return [
        (c["key"], c["weight"], c["average"], c["scored"], c["insufficient_evidence"])
        for c in body["competencies"]
    ]


def distribution(body) -> list[int]:
    return [bucket["count"] for bucket in body["scores"]["distribution"]]


def test_interview_analytics(api, recruiter, ids):
    api.login(recruiter)
    response = api.get(f"{API}/interviews/{ids['a']}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["interview"] == {
        "id": ids["a"],
        "role_title": "Interview A",
        "status": "active",
        "product_id": ids["acme"],
        "product_name": "Acme",
        "rubric_version": 1,
    }
    assert funnel(body) == [
        ("invited", 11, 1.0, None),
        ("opened", 8, 0.7273, 0.7273),
        ("started", 7, 0.6364, 0.875),
        ("completed", 4, 0.3636, 0.5714),
    ]
    assert body["sessions"] == {"in_progress": 1, "completed": 4, "abandoned": 2}
    # 20, 25, 30, 40 minutes: the median is (25 + 30) / 2 = 27.5 minutes.
    assert body["duration"] == {"median_seconds": 1650.0, "completed": 4}
    assert body["scores"]["scored"] == 4
    assert body["scores"]["average"] == 70.5
    assert distribution(body) == [0, 0, 0, 0, 1, 0, 1, 0, 1, 1]
    assert body["scores"]["distribution"][9] == {"from": 90, "to": 100, "count": 1}
    assert body["recommendations"] == {
        "advance": 2,
        "consider": 1,
        "do_not_advance": 1,
    }
    assert competencies(body) == [
        ("relevance", 30, 6.64, 14, 0),  # 93 / 14
        ("completeness", 25, 6.82, 11, 3),  # 75 / 11
        ("accuracy", 30, 7.23, 13, 1),  # 94 / 13
        ("clarity", 15, 6.79, 14, 0),  # 95 / 14
    ]
    assert body["answers"] == {
        "answered": 15,
        "scored": 14,
        "average_score": 6.64,
        "followed_up": 4,
        "follow_ups": 5,
        "follow_up_rate": 0.2667,
    }
    assert body["stopped_before_first_question"] == {"abandoned": 1, "in_progress": 0}


def test_interview_analytics_per_question(api, recruiter, ids):
    api.login(recruiter)
    questions = api.get(f"{API}/interviews/{ids['a']}").get_json()["questions"]
    assert [q["id"] for q in questions] == ids["a_questions"]
    first, second, third = questions
    assert first == {
        "id": ids["a_questions"][0],
        "number": 1,
        "text": "Interview A question 1?",
        "kind": "technical",
        "approved": True,
        "answered": 6,
        "scored": 6,
        "average_score": 6.17,  # 37 / 6
        "score_spread": 2.11,  # sqrt(255 / 6 - (37 / 6) ** 2)
        "competencies": {
            "relevance": 6.17,
            "completeness": 6.2,
            "accuracy": 7.4,
            "clarity": 6.5,
        },
        "followed_up": 2,
        "follow_ups": 3,
        "follow_up_rate": 0.3333,
        "stopped": {"abandoned": 0, "in_progress": 0},
    }
    assert (second["answered"], second["average_score"], second["score_spread"]) == (
        5,
        7.0,
        2.1,
    )
    assert second["follow_up_rate"] == 0.2
    assert second["stopped"] == {"abandoned": 1, "in_progress": 0}
    # One answer needs review: answered (evaluated), but not scored.
    assert (third["answered"], third["scored"]) == (4, 3)
    assert (third["average_score"], third["score_spread"]) == (7.0, 0.82)
    assert third["competencies"]["accuracy"] == 7.33
    assert third["stopped"] == {"abandoned": 0, "in_progress": 1}


def test_product_analytics_rolls_up_its_interviews(api, recruiter, ids):
    api.login(recruiter)
    body = api.get(f"{API}/products/{ids['acme']}").get_json()
    assert body["product"] == {"id": ids["acme"], "name": "Acme", "archived": False}
    assert funnel(body) == [
        ("invited", 13, 1.0, None),
        ("opened", 9, 0.6923, 0.6923),
        ("started", 8, 0.6154, 0.8889),
        ("completed", 5, 0.3846, 0.625),
    ]
    assert body["duration"]["median_seconds"] == 1500.0  # 10, 20, 25, 30, 40 min
    assert (body["scores"]["scored"], body["scores"]["average"]) == (5, 67.4)
    assert distribution(body) == [0, 0, 0, 0, 1, 1, 1, 0, 1, 1]
    assert body["recommendations"] == {
        "advance": 2,
        "consider": 2,
        "do_not_advance": 1,
    }
    assert competencies(body) == [
        ("relevance", None, 6.53, 15, 0),
        ("completeness", None, 6.67, 12, 3),
        ("accuracy", None, 7.07, 14, 1),
        ("clarity", None, 6.67, 15, 0),
    ]
    assert body["answers"]["follow_up_rate"] == 0.25
    assert body["interviews"] == [
        {
            "id": ids["b"],
            "role_title": "Interview B",
            "status": "active",
            "invited": 2,
            "opened": 1,
            "started": 1,
            "completed": 1,
            "completion_rate": 1.0,
            "scored": 1,
            "average_score": 55.0,
            "median_duration_seconds": 600.0,
            "answers": 1,
            "average_answer_score": 5.0,
            "advance": 0,
            "consider": 1,
            "do_not_advance": 0,
        },
        {
            "id": ids["a"],
            "role_title": "Interview A",
            "status": "active",
            "invited": 11,
            "opened": 8,
            "started": 7,
            "completed": 4,
            "completion_rate": 0.5714,
            "scored": 4,
            "average_score": 70.5,
            "median_duration_seconds": 1650.0,
            "answers": 15,
            "average_answer_score": 6.64,
            "advance": 2,
            "consider": 1,
            "do_not_advance": 1,
        },
    ]


def test_overview_covers_every_product_of_the_account(api, recruiter, ids):
    api.login(recruiter)
    body = api.get(f"{API}/overview").get_json()
    assert body["account"] == {"products": 3}
    assert funnel(body) == [
        ("invited", 16, 1.0, None),
        ("opened", 11, 0.6875, 0.6875),
        ("started", 9, 0.5625, 0.8182),
        ("completed", 6, 0.375, 0.6667),
    ]
    assert body["duration"]["median_seconds"] == 1650.0  # 10 ... 45 min: (25+30)/2
    assert (body["scores"]["scored"], body["scores"]["average"]) == (6, 61.17)
    assert distribution(body) == [0, 0, 0, 1, 1, 1, 1, 0, 1, 1]
    # Interview C's rubric adds teamwork; relevance also counts C's answer (2).
    assert competencies(body) == [
        ("relevance", None, 6.25, 16, 0),
        ("completeness", None, 6.67, 12, 3),
        ("accuracy", None, 7.07, 14, 1),
        ("clarity", None, 6.67, 15, 0),
        ("teamwork", None, 4.0, 1, 0),
    ]
    assert body["answers"]["answered"] == 17
    assert body["answers"]["average_score"] == 6.31  # 101 / 16
    products = [
        (p["name"], p["invited"], p["completed"], p["average_score"], p["answers"])
        for p in body["products"]
    ]
    assert products == [
        ("Acme", 13, 5, 67.4, 16),
        ("Beta", 3, 1, 30.0, 1),
        ("Gamma", 0, 0, None, 0),
    ]
    assert body["products"][1]["median_duration_seconds"] == 2700.0


def test_overview_of_another_recruiter_shows_only_theirs(api, other_recruiter, ids):
    api.login(other_recruiter)
    body = api.get(f"{API}/overview").get_json()
    assert [p["name"] for p in body["products"]] == ["Zeta"]
    assert funnel(body)[0] == ("invited", 1, 1.0, None)
    assert body["scores"]["average"] == 99.0
    # One product with completed sessions: its median is the account's.
    assert body["duration"] == {"median_seconds": 300.0, "completed": 1}
    assert body["products"][0]["median_duration_seconds"] == 300.0


def test_an_admin_overview_covers_every_account(api, admin, ids):
    api.login(admin)
    body = api.get(f"{API}/overview").get_json()
    assert [p["name"] for p in body["products"]] == ["Acme", "Beta", "Gamma", "Zeta"]
    assert funnel(body)[0] == ("invited", 17, 1.0, None)


def test_an_interview_without_candidates_has_empty_figures(api, recruiter):
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, questions=2)
    api.login(recruiter)
    body = api.get(f"{API}/interviews/{interview.id}").get_json()
    assert funnel(body)[3] == ("completed", 0, None, None)
    assert body["duration"]["median_seconds"] is None
    assert body["scores"] == {
        "scored": 0,
        "average": None,
        "distribution": body["scores"]["distribution"],
    }
    assert distribution(body) == [0] * 10
    assert [c["average"] for c in body["competencies"]] == [None] * 4
    assert [q["follow_up_rate"] for q in body["questions"]] == [None, None]
    assert body["answers"]["answered"] == 0


def test_reading_rebuilds_missing_totals(api, recruiter, ids):
    """Totals are a cache: with every row gone, the figures come out the same."""
    api.login(recruiter)
    before = api.get(f"{API}/overview").get_json()
    db.session.query(QuestionScoreTotal).delete()
    db.session.commit()
    assert api.get(f"{API}/overview").get_json() == before
    assert db.session.query(QuestionScoreTotal).count() > 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/analytics/overview",
        "/api/v1/analytics/interviews/1",
        "/api/v1/analytics/products/1",
        "/api/v1/analytics/interviews/1/insights",
    ],
)
def test_analytics_needs_a_login(client, path):
    assert_error(client.get(path), 401, "AUTH_ERROR")


def test_candidates_may_not_read_analytics(api):
    candidate = factories.make_user(role="candidate")
    api.login(candidate)
    assert_error(api.get(f"{API}/overview"), 403, "FORBIDDEN")


def test_another_recruiters_ids_are_not_found(api, other_recruiter, ids):
    api.login(other_recruiter)
    for path in (
        f"{API}/interviews/{ids['a']}",
        f"{API}/products/{ids['acme']}",
        f"{API}/interviews/{ids['a']}/insights",
    ):
        error = assert_error(api.get(path), 404, "NOT_FOUND")
        assert error["details"] == {}
    assert_error(api.post(f"{API}/interviews/{ids['a']}/insights"), 404, "NOT_FOUND")
