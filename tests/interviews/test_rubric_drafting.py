"""Rubrics fit the role: drafted from the role's title, seniority, skills and job
description (the offline vocabulary, or a model's structured JSON through the real
SDK against the fake Gemini), checked before they are stored, and versioned."""

import pytest

from app.ai.competencies import draft_rubric as vocabulary_rubric
from app.ai.providers.gemini import GeminiProvider
from app.ai.rubric_drafting import draft_rubric, usable_rubric
from app.errors import ServiceUnavailable
from app.extensions import db
from app.interviews import rubrics
from app.models import Interview, RubricVersion, default_rubric
from tests import factories
from tests.fakes.gemini_server import FakeGemini, json_reply

GENERIC = {"relevance", "completeness", "accuracy", "clarity"}
PAYMENTS = {
    "role_title": "Senior Payments Engineer",
    "seniority": "senior",
    "skills": ["python", "postgresql", "payments", "api design"],
    "job_description": "Own card payments, refunds, reconciliation and the ledger; "
    "design APIs for merchants; on call for incidents.",
}
ANCHORS = {"1": "Vague.", "3": "Sound, with gaps.", "5": "Thorough and precise."}


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


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (PAYMENTS, ["payments", "api-design", "data-modelling", "ownership"]),
        (
            {"role_title": "Frontend Engineer", "skills": ["react", "typescript"]},
            ["frontend", "ownership", "communication"],
        ),
        (
            {
                "role_title": "Product Manager",
                "seniority": "lead",
                "skills": ["analytics", "user research"],
                "job_description": "Lead discovery and the roadmap; define metrics.",
            },
            ["product-judgement", "metrics", "ownership", "communication"],
        ),
    ],
)
def test_the_offline_rubric_names_the_competencies_the_role_needs(role, expected):
    rubric = vocabulary_rubric({"seniority": "mid", **role})
    keys = [item["key"] for item in rubric]
    assert keys[: len(expected)] == expected
    assert not GENERIC & set(keys)
    assert sum(item["weight"] for item in rubric) == 100
    for item in rubric:
        assert set(item["anchors"]) == {"1", "3", "5"}
        assert all(text.endswith(".") for text in item["anchors"].values())


def test_a_model_drafts_the_rubric_through_structured_json(fake, gemini):
    fake.script(
        json_reply(
            {
                "competencies": [
                    {"name": "Payments correctness", "weight": 40, "anchors": ANCHORS},
                    {"name": "API design", "weight": 30, "anchors": ANCHORS},
                    {"name": "Ownership", "weight": 30, "anchors": ANCHORS},
                ]
            }
        )
    )
    rubric = draft_rubric(PAYMENTS, gemini)
    assert [(i["key"], i["weight"]) for i in rubric] == [
        ("payments-correctness", 40),
        ("api-design", 30),
        ("ownership", 30),
    ]
    seen = fake.requests[0]
    assert seen.generation_config["responseMimeType"] == "application/json"
    assert "competencies" in str(seen.generation_config.get("responseJsonSchema"))
    assert "Senior Payments Engineer" in seen.prompt_text


def test_a_models_rubric_is_checked_and_normalised():
    answer = {
        "competencies": [
            {"name": "  API   design ", "weight": 3, "anchors": ANCHORS},
            {"name": "API design", "weight": 5, "anchors": ANCHORS},  # duplicate
            {"name": "Ownership", "weight": "lots", "anchors": ANCHORS},
            {"name": "No anchors", "weight": 10, "anchors": {"1": "x"}},
            {"name": "Data modelling", "weight": 1, "anchors": ANCHORS},
            "not an object",
        ]
    }
    rubric = usable_rubric(answer)
    assert [item["name"] for item in rubric] == [
        "API design",
        "Ownership",
        "Data modelling",
    ]
    assert sum(item["weight"] for item in rubric) == 100
    assert all(item["weight"] >= 1 for item in rubric)
    assert usable_rubric({"competencies": rubric[:2]}) is None  # fewer than three
    assert usable_rubric(["nonsense"]) is None


def test_redrafting_makes_a_new_version_and_keeps_the_old_one(recruiter, fake, gemini):
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, **PAYMENTS)
    assert interview.rubric == default_rubric()  # an existing interview stays valid
    rubrics.redraft_rubric(recruiter, interview.id)  # offline: the vocabulary
    db.session.commit()
    assert interview.rubric_version == 2
    assert interview.rubric[0]["key"] == "payments"
    old = db.session.query(RubricVersion).filter_by(version=1).one()
    assert old.rubric == default_rubric()
    fake.script(json_reply({"competencies": []}))
    with pytest.raises(ServiceUnavailable):
        rubrics.redraft_rubric(recruiter, interview.id, provider=gemini)


def test_the_api_and_the_page_draft_the_rubric(client, api, recruiter):
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, **PAYMENTS)
    api.login(recruiter)
    response = api.post(f"/api/v1/interviews/{interview.id}/rubric/draft")
    assert response.status_code == 200
    body = response.get_json()
    assert body["rubric"][0]["name"] == "Payments correctness"
    assert body["rubric_version"] == 2
    csrf = factories.page_login(client, recruiter)
    page = client.post(
        f"/portal/interviews/{interview.id}/rubric/draft", data={"csrf_token": csrf}
    )
    assert page.status_code == 302 and page.headers["Location"].endswith("#scoring")


def test_a_new_interview_from_the_page_gets_a_rubric_for_its_role(client, recruiter):
    product = factories.make_product(recruiter)
    csrf = factories.page_login(client, recruiter)
    form = {**PAYMENTS, "skills": ", ".join(PAYMENTS["skills"]), "csrf_token": csrf}
    response = client.post(f"/portal/products/{product.id}/interviews/new", data=form)
    assert response.status_code == 302
    interview = Interview.query.one()
    assert interview.rubric[0]["key"] == "payments"
    assert not GENERIC & {item["key"] for item in interview.rubric}
