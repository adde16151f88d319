"""AI insights per interview: offline rules on the known data set, the cache and its
staleness, and Gemini through the real SDK against the fake server."""

import json
from datetime import timedelta

import pytest

from app.ai.providers.gemini import GeminiProvider
from app.analytics import insights
from app.errors import ServiceUnavailable
from app.extensions import db
from app.models import Evaluation, Interview, InterviewInsight, InterviewSession
from tests import factories
from tests.fakes.gemini_server import Error, FakeGemini, Reply
from tests.support import analytics_data
from tests.support.asserts import assert_error

API = "/api/v1/analytics/interviews"
EXPECTED_OFFLINE = [
    {
        "kind": "strength",
        "text": "Strongest area across candidates: Accuracy, averaging 7.2/10 over "
        "13 scored answers.",
    },
    {
        "kind": "gap",
        "text": "Weakest area across candidates: Relevance, averaging 6.6/10 over "
        "14 scored answers.",
    },
    {
        "kind": "gap",
        "text": "3 of 14 answers gave no evidence of Completeness: the questions may "
        "not invite it.",
    },
    {
        "kind": "question",
        "text": "Question 3 barely separates candidates: its 3 scored answers average "
        "7.0/10 with a spread of only 0.8.",
    },
    {
        "kind": "question",
        "text": "Question 1 needed a follow-up for 33% of candidates (2 of 6): it may "
        "be unclear or too broad.",
    },
]


@pytest.fixture
def ids(recruiter, other_recruiter):
    return analytics_data.seed(recruiter, other_recruiter)


@pytest.fixture(scope="module")
def fake():
    server = FakeGemini().start()
    yield server
    server.stop()


@pytest.fixture
def gemini(fake):
    fake.reset()
    return GeminiProvider(
        api_key=fake.api_key,
        model="gemini-2.5-flash",
        base_url=fake.url,
        timeout_seconds=2,
        backoff=(0.01, 0.01),
    )


def complete_another_session(interview_id: int) -> None:
    """A new candidate finishes and their one answer is scored."""
    interview = db.session.get(Interview, interview_id)
    invitation, _ = factories.make_invitation(interview, status="completed")
    session = InterviewSession(
        invitation_id=invitation.id,
        interview_id=interview.id,
        status="completed",
        started_at=analytics_data.T0,
        ended_at=analytics_data.T0 + timedelta(minutes=15),
        overall_score=70.0,
        recommendation="consider",
    )
    db.session.add(session)
    db.session.flush()
    db.session.add(
        Evaluation(
            session_id=session.id,
            question_id=interview.questions[0].id,
            competency_scores={},
            overall=7.0,
            provider="offline",
        )
    )
    db.session.commit()


def test_offline_insights_from_the_statistics(api, recruiter, ids):
    api.login(recruiter)
    before = api.get(f"{API}/{ids['a']}/insights").get_json()
    assert before == {
        "interview_id": ids["a"],
        "observations": [],
        "provider": None,
        "model": None,
        "generated_at": None,
        "based_on": {"completed_sessions": 0, "scored_answers": 0},
        "current": {"completed_sessions": 4, "scored_answers": 14},
        "stale": True,
    }
    response = api.post(f"{API}/{ids['a']}/insights")
    assert response.status_code == 200
    body = response.get_json()
    assert body["observations"] == EXPECTED_OFFLINE
    assert (body["provider"], body["model"]) == ("offline", "viva-offline-1")
    assert body["based_on"] == {"completed_sessions": 4, "scored_answers": 14}
    assert body["stale"] is False
    cached = api.get(f"{API}/{ids['a']}/insights").get_json()
    assert cached == body


def test_insights_turn_stale_when_results_change(api, recruiter, ids):
    api.login(recruiter)
    api.post(f"{API}/{ids['a']}/insights")
    complete_another_session(ids["a"])
    body = api.get(f"{API}/{ids['a']}/insights").get_json()
    assert body["stale"] is True
    assert body["current"] == {"completed_sessions": 5, "scored_answers": 15}
    assert body["observations"] == EXPECTED_OFFLINE
    refreshed = api.post(f"{API}/{ids['a']}/insights").get_json()
    assert refreshed["stale"] is False
    assert db.session.query(InterviewInsight).count() == 1


def test_without_scores_the_offline_provider_says_so(api, recruiter):
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, questions=1)
    api.login(recruiter)
    body = api.post(f"{API}/{interview.id}/insights").get_json()
    assert [item["kind"] for item in body["observations"]] == ["note"]
    assert body["observations"][0]["text"].startswith("No scored answers yet")


def test_gemini_gets_the_statistics_and_no_candidate_words(
    recruiter, ids, fake, gemini
):
    answer = {
        "observations": [
            {"kind": "strength", "text": "Accuracy is the strongest area at 7.2/10."},
            {"kind": "gap", "text": "Relevance trails at 6.6/10 across 14 answers."},
            {"kind": "question", "text": "Question 3 has a spread of only 0.82."},
            {"kind": "opinion", "text": "An observation of a kind we never asked for."},
        ]
    }
    fake.script(Reply(text=json.dumps(answer)))
    result = insights.generate_insights(recruiter, ids["a"], provider=gemini)
    db.session.commit()
    assert [item["kind"] for item in result["observations"]] == [
        "strength",
        "gap",
        "question",
    ]
    assert (result["provider"], result["model"]) == ("gemini", "gemini-2.5-flash")
    seen = fake.requests[-1]
    assert seen.method == "generateContent"
    assert seen.body["generationConfig"]["responseMimeType"] == "application/json"
    sent = seen.prompt_text
    assert (
        "Interview A question 2?" in sent and '"median_duration_minutes": 27.5' in sent
    )
    assert "hiring analyst" in sent
    for private in ("s1 answers 1", "More detail.", "Candidate 1", "@example.com"):
        assert private not in sent


@pytest.mark.parametrize(
    "behaviours",
    [
        (Reply(text="this is not JSON"),),
        (Reply(text=json.dumps({"observations": [{"kind": "gap", "text": "x"}]})),),
        (Error(500), Error(500), Error(500)),
    ],
    ids=["invalid-json", "no-valid-observation", "server-errors"],
)
def test_a_failing_model_keeps_the_cached_insights(
    recruiter, ids, fake, gemini, behaviours
):
    insights.generate_insights(recruiter, ids["a"])  # the offline provider
    db.session.commit()
    fake.script(*behaviours)
    with pytest.raises(ServiceUnavailable):
        insights.generate_insights(recruiter, ids["a"], provider=gemini)
    db.session.rollback()
    cached = insights.cached_insights(recruiter, ids["a"])
    assert cached["provider"] == "offline"
    assert cached["observations"] == EXPECTED_OFFLINE


def test_the_api_answers_503_when_the_model_fails(
    app, api, recruiter, ids, fake, gemini, monkeypatch
):
    monkeypatch.setitem(app.config, "AI_PROVIDER", "gemini")
    providers = app.extensions.setdefault("viva_ai_providers", {})
    monkeypatch.setitem(providers, "gemini", gemini)
    fake.script(Reply(text="not JSON either"))
    api.login(recruiter)
    error = assert_error(
        api.post(f"{API}/{ids['a']}/insights"), 503, "SERVICE_UNAVAILABLE"
    )
    assert "could not write insights" in error["message"]
    assert db.session.query(InterviewInsight).count() == 0
