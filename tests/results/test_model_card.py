"""The model card of a rubric version: evaluator, instructions hash, rubric, AI-human
agreement from overrides, and the spread of scores; a page and its JSON export."""

import pytest

from app.ai.evaluation_prompts import instructions_hash
from app.ai.evaluator import DEFAULT_WEIGHTS
from app.modelcards.service import agreement, spread
from tests import factories
from tests.support.asserts import assert_error
from tests.support.results_data import seed_results


@pytest.fixture
def seeded(recruiter):
    return seed_results(recruiter)


@pytest.fixture
def caller(api, recruiter):
    api.login(recruiter)
    return api


def test_spread_and_agreement_figures():
    assert spread([8, 9, 5, 6, 3]) == {
        "count": 5,
        "mean": 6.2,
        "sd": 2.14,
        "min": 3.0,
        "p25": 5.0,
        "median": 6.0,
        "p75": 8.0,
        "max": 9.0,
    }
    assert spread([])["count"] == 0 and spread([])["mean"] is None
    assert agreement([(6.0, 10.0), (5.0, 5.0)]) == {
        "pairs": 2,
        "mean_absolute_difference": 2.0,
        "exact_match_share": 0.5,
        "mean_difference": 2.0,
    }


def test_the_card_reports_evaluator_spread_and_agreement(caller, seeded):
    questions = seeded.interview.questions
    caller.put(
        f"/api/v1/sessions/{seeded.ben.id}/questions/{questions[1].id}/score",
        json={"score": 9, "reason": "Better than the AI says."},
    )
    response = caller.get(f"/api/v1/interviews/{seeded.interview.id}/model-card")
    assert response.status_code == 200, response.get_json()
    card = response.get_json()
    assert card["rubric_version"] == 1 and card["versions"] == [1]
    assert card["evaluators"] == [
        {"provider": "offline", "model": "viva-offline-1", "answers": 5}
    ]
    assert card["instructions_hash"] == instructions_hash(dict(DEFAULT_WEIGHTS))
    assert [c["key"] for c in card["rubric"]] == [
        "relevance",
        "completeness",
        "accuracy",
        "clarity",
    ]
    assert card["question_scores"]["count"] == 5
    assert card["question_scores"]["median"] == 6.0
    assert card["agreement"]["pairs"] == 1
    assert card["agreement"]["mean_absolute_difference"] == 3.0
    assert card["agreement"]["exact_match_share"] == 0.0
    assert card["flagged_answers"] == 1
    # Sessions: Ada 85, Ben (overridden) 70; Cy has no overall yet.
    assert card["session_scores"]["count"] == 2


def test_an_unknown_version_is_not_found_and_others_cannot_see_it(
    caller, seeded, api, other_recruiter
):
    url = f"/api/v1/interviews/{seeded.interview.id}/model-card"
    assert_error(caller.get(url + "?version=9"), 404, "NOT_FOUND")
    api.login(other_recruiter)
    assert_error(api.get(url), 404, "NOT_FOUND")


def test_the_page_shows_the_card(client, seeded, recruiter):
    factories.page_login(client, recruiter)
    html = client.get(f"/portal/interviews/{seeded.interview.id}/model-card").get_data(
        as_text=True
    )
    assert "Model card · rubric v1" in html and "viva-offline-1" in html
    assert "Score spread so far" in html and "Export JSON" in html
    assert instructions_hash(dict(DEFAULT_WEIGHTS)) in html
